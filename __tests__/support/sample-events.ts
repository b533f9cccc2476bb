/**
 * Sample events in the shapes AWS documents: an S3 API call recorded by
 * CloudTrail as EventBridge delivers it ("AWS API Call via CloudTrail", the
 * CloudTrail record under `detail`), and an AWS Config compliance change
 * ("Config Rules Compliance Change", the notification fields under `detail`).
 * Only the values vary between samples; the structure stays AWS's.
 */
export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

export function s3ApiCallEvent(eventName: string, over: { bucket?: string; source?: string } = {}) {
  const bucket = over.bucket ?? 'acme-data-111122223333';
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'AWS API Call via CloudTrail',
    source: over.source ?? 'aws.s3',
    account: ACCOUNT,
    time: '2026-05-04T09:12:45Z',
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLEID:alice',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`,
        accountId: ACCOUNT,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAEXAMPLEID',
            arn: `arn:aws:iam::${ACCOUNT}:role/Admin`,
            accountId: ACCOUNT,
            userName: 'Admin',
          },
          attributes: { creationDate: '2026-05-04T09:01:02Z', mfaAuthenticated: 'true' },
        },
      },
      eventTime: '2026-05-04T09:12:45Z',
      eventSource: 's3.amazonaws.com',
      eventName,
      awsRegion: REGION,
      sourceIPAddress: '198.51.100.7',
      userAgent: '[aws-cli/2.15.0]',
      requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${REGION}.amazonaws.com` },
      responseElements: null,
      additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256' },
      requestID: 'EXAMPLE123456789',
      eventID: '1ab2c3d4-0000-4a5b-8c9d-0123456789ab',
      readOnly: false,
      resources: [{ accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    },
  };
}

export function configComplianceChangeEvent(
  ruleName: string,
  newCompliance: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA',
  resourceId = 'acme-data-111122223333',
) {
  const qualifier = { configRuleName: ruleName, resourceType: 'AWS::S3::Bucket', resourceId };
  return {
    version: '0',
    id: 'd2b1e0c8-5f2a-4b39-9d8e-2a4b6c8d0e1f',
    'detail-type': 'Config Rules Compliance Change',
    source: 'aws.config',
    account: ACCOUNT,
    time: '2026-05-04T09:20:11Z',
    region: REGION,
    resources: [],
    detail: {
      resourceId,
      awsRegion: REGION,
      awsAccountId: ACCOUNT,
      configRuleName: ruleName,
      recordVersion: '1.0',
      configRuleARN: `arn:aws:config:${REGION}:${ACCOUNT}:config-rule/config-rule-9rpvxc`,
      messageType: 'ComplianceChangeNotification',
      newEvaluationResult: {
        evaluationResultIdentifier: {
          evaluationResultQualifier: qualifier,
          orderingTimestamp: '2026-05-04T09:19:58.619Z',
        },
        complianceType: newCompliance,
        resultRecordedTime: '2026-05-04T09:20:01.405Z',
        configRuleInvokedTime: '2026-05-04T09:19:59.914Z',
        annotation: null,
        resultToken: null,
      },
      oldEvaluationResult: {
        evaluationResultIdentifier: {
          evaluationResultQualifier: qualifier,
          orderingTimestamp: '2026-05-03T09:19:58.619Z',
        },
        complianceType: newCompliance === 'COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT',
        resultRecordedTime: '2026-05-03T09:20:01.405Z',
        configRuleInvokedTime: '2026-05-03T09:19:59.914Z',
        annotation: null,
        resultToken: null,
      },
      notificationCreationTime: '2026-05-04T09:20:02.112Z',
      resourceType: 'AWS::S3::Bucket',
    },
  };
}
