import { declareControls } from '../../controls/declarations';
import { DEFAULT_RUNBOOKS } from './remediation';
import { RUNBOOK_NAMES, RUNBOOKS } from './runbooks';

/** The controls whose remediation S3AutoRemediation attaches, and the runbook behind each. */
export const S3_AUTO_REMEDIATION_CONTROLS = declareControls({
  module: 'S3AutoRemediation',
  role: 'repairs',
  controls: RUNBOOK_NAMES.flatMap((name) =>
    RUNBOOKS[name].controls.map((control) => ({
      control,
      prop: name === 'access-logging' ? 'accessLogging' : `runbooks[${name}]`,
      byDefault: DEFAULT_RUNBOOKS.includes(name),
      via: RUNBOOKS[name].document,
    })),
  ),
});
