/**
 * The AWS Regions, by partition, that the project accepts as a region code.
 *
 * Where it comes from: the partition metadata the AWS SDKs ship
 * (`partitions.json` of the AWS SDK for JavaScript v3, package
 * `@aws-sdk/util-endpoints`, and the same file in the other SDKs), plus the
 * Regions AWS announced since in "AWS Regions and Availability Zones"
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html):
 * ap-east-2 (Taipei, 2025), ap-southeast-6 (New Zealand, 2025). When AWS opens
 * a Region, add it here (a test lists the count per partition, so the change
 * is deliberate).
 */
export const AWS_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
  'aws-eusc': ['eusc-de-east-1'],
};

const ALL = new Set(Object.values(AWS_REGIONS).flat());

/** Whether the code names an AWS Region of any partition. */
export function isAwsRegion(region: string): boolean {
  return ALL.has(region);
}
