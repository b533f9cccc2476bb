import { declareControls } from '../../controls/declarations';

/** The controls the access point modules satisfy; help/coverage.md is generated from these declarations. */
export const SECURE_ACCESS_POINT_CONTROLS = declareControls({
  module: 'SecureAccessPoint',
  controls: [
    {
      control: 's3-access-point-public-access-block',
      prop: 'publicAccessBlock (always on)',
      byDefault: true,
    },
  ],
});

export const SECURE_MULTI_REGION_ACCESS_POINT_CONTROLS = declareControls({
  module: 'SecureMultiRegionAccessPoint',
  controls: [
    {
      control: 's3-access-point-public-access-block',
      prop: 'publicAccessBlock (always on)',
      byDefault: true,
    },
  ],
});
