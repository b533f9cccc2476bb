import { declareControls } from '../../controls/declarations';

/** The controls BucketReplication satisfies; help/coverage.md is generated from this declaration. */
export const BUCKET_REPLICATION_CONTROLS = declareControls({
  module: 'BucketReplication',
  controls: [{ control: 's3-replication', prop: 'destination', byDefault: true }],
});
