import { declareControls } from '../../controls/declarations';

/**
 * The controls S3DataEventsTrail satisfies. It records
 * `cloudtrail-s3-data-events` only while the trail is multi-region and reads
 * and writes of every bucket are selected (the default).
 */
export const S3_DATA_EVENTS_TRAIL_CONTROLS = declareControls({
  module: 'S3DataEventsTrail',
  controls: [
    { control: 'cloudtrail-s3-data-events', prop: 'dataEvents', byDefault: true },
    { control: 'cloudtrail-s3-data-events', prop: 'multiRegion', byDefault: true },
    { control: 'cloudtrail-bucket-access-logging', prop: 'bucket.accessLogs', byDefault: true },
  ],
});
