import { declareControls } from '../../controls/declarations';

/** MacieAccount turns Macie on for the account and region. */
export const MACIE_ACCOUNT_CONTROLS = declareControls({
  module: 'MacieAccount',
  controls: [{ control: 'macie-enabled', prop: 'enabled', byDefault: true }],
});

/** A ClassificationJob runs sensitive data discovery on the buckets it names or selects by tag. */
export const CLASSIFICATION_JOB_CONTROLS = declareControls({
  module: 'ClassificationJob',
  controls: [{ control: 'macie-discovery', prop: 'schedule', byDefault: true }],
});

/** DiscoveryResultsExport keeps Macie's discovery results, encrypted, beyond Macie's 90 days. */
export const DISCOVERY_RESULTS_EXPORT_CONTROLS = declareControls({
  module: 'DiscoveryResultsExport',
  controls: [{ control: 'macie-results-exported', prop: 'bucket', byDefault: true }],
});
