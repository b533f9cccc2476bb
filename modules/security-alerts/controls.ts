import { declareControls } from '../../controls/declarations';

/** SecurityAlerts raises the CIS 4.8 alarm when it is given the trail's log group. */
export const SECURITY_ALERTS_CONTROLS = declareControls({
  module: 'SecurityAlerts',
  controls: [{ control: 's3-change-alerting', prop: 'trailLogGroupName', byDefault: false }],
});
