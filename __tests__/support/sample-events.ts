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

/**
 * A Macie finding as EventBridge delivers it ("Macie Finding" from aws.macie,
 * the finding under `detail`), in the shape of Macie's published event schema:
 * a sensitive data finding names the object and what matched
 * (classificationDetails); a policy finding names the bucket only
 * (s3Object and classificationDetails are null, policyDetails says what changed).
 */
export function macieFindingEvent(
  over: {
    type?: string;
    severity?: 'Low' | 'Medium' | 'High';
    bucket?: string;
    bucketTags?: { key: string; value: string }[];
    key?: string;
    customDataIdentifiers?: string[];
  } = {},
) {
  const type = over.type ?? 'SensitiveData:S3Object/Personal';
  const policy = type.startsWith('Policy:');
  const bucket = over.bucket ?? 'acme-data-111122223333';
  const key = over.key ?? 'exports/2026/customers.csv';
  const severity = over.severity ?? 'High';
  const custom = over.customDataIdentifiers ?? [];
  const detections = custom.map((name, i) => ({
    arn: `arn:aws:macie2:${REGION}:${ACCOUNT}:custom-data-identifier/6a8c2d4e-0000-4b1a-9c3d-00000000000${i}`,
    name,
    count: 2,
    occurrences: { lineRanges: [{ start: 3, end: 3, startColumn: 14 }] },
  }));
  return {
    version: '0',
    id: '0948ba87-d3b8-c6d3-f2a4-3b2c7a1d5e6f',
    'detail-type': 'Macie Finding',
    source: 'aws.macie',
    account: ACCOUNT,
    time: '2026-05-04T10:31:12Z',
    region: REGION,
    resources: [],
    detail: {
      schemaVersion: '1.0',
      id: '64b917aa3ed3b2d6ec3c9a5f3e1f8f12',
      accountId: ACCOUNT,
      partition: 'aws',
      region: REGION,
      type,
      title: policy
        ? 'Block Public Access settings are disabled for the S3 bucket'
        : 'The S3 object contains personal information.',
      description: policy
        ? 'All Amazon S3 block public access settings are disabled for the bucket.'
        : 'The object contains personal information such as full names or mailing addresses.',
      severity: { score: { Low: 1, Medium: 2, High: 3 }[severity], description: severity },
      createdAt: '2026-05-04T10:29:51.402Z',
      updatedAt: '2026-05-04T10:29:51.402Z',
      count: 1,
      resourcesAffected: {
        s3Bucket: {
          arn: `arn:aws:s3:::${bucket}`,
          name: bucket,
          createdAt: '2026-01-12T08:00:00.000Z',
          owner: {
            displayName: 'acme',
            id: '7009a8971cd538e11f6b6606438875e7c86c5b672f46db45460ddcd087d36c32',
          },
          tags: over.bucketTags ?? [],
          defaultServerSideEncryption: {
            encryptionType: 'aws:kms',
            kmsMasterKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          },
          publicAccess: {
            permissionConfiguration: {
              bucketLevelPermissions: {
                accessControlList: { allowsPublicReadAccess: false, allowsPublicWriteAccess: false },
                bucketPolicy: { allowsPublicReadAccess: false, allowsPublicWriteAccess: false },
                blockPublicAccess: {
                  ignorePublicAcls: !policy,
                  restrictPublicBuckets: !policy,
                  blockPublicAcls: !policy,
                  blockPublicPolicy: !policy,
                },
              },
              accountLevelPermissions: {
                blockPublicAccess: {
                  ignorePublicAcls: true,
                  restrictPublicBuckets: true,
                  blockPublicAcls: true,
                  blockPublicPolicy: true,
                },
              },
            },
            effectivePermission: 'NOT_PUBLIC',
          },
          allowsUnencryptedObjectUploads: 'FALSE',
        },
        s3Object: policy
          ? null
          : {
              bucketArn: `arn:aws:s3:::${bucket}`,
              key,
              path: `${bucket}/${key}`,
              extension: 'csv',
              lastModified: '2026-05-03T17:12:04.000Z',
              versionId: '3HL4kqtJvjVBH40Nrjfkd',
              serverSideEncryption: { encryptionType: 'aws:kms', kmsMasterKeyId: null },
              size: 4096,
              storageClass: 'STANDARD',
              tags: [],
              publicAccess: false,
              etag: '6bbb5f2e0b2d4c1a8b9e6f0c3d2a1b0e',
            },
      },
      category: policy ? 'POLICY' : 'CLASSIFICATION',
      classificationDetails: policy
        ? null
        : {
            jobArn: `arn:aws:macie2:${REGION}:${ACCOUNT}:classification-job/3ce05dbb7ec5505def334104bf160bf5`,
            jobId: '3ce05dbb7ec5505def334104bf160bf5',
            originType: 'SENSITIVE_DATA_DISCOVERY_JOB',
            result: {
              status: { code: 'COMPLETE', reason: null },
              sizeClassified: 4096,
              mimeType: 'text/csv',
              additionalOccurrences: false,
              sensitiveData: [
                {
                  category: 'PERSONAL_INFORMATION',
                  totalCount: 3,
                  detections: [{ type: 'NAME', count: 3, occurrences: { lineRanges: [] } }],
                },
              ],
              customDataIdentifiers: {
                totalCount: detections.reduce((n, d) => n + d.count, 0),
                detections,
              },
            },
            detailedResultsLocation: `s3://acme-macie-results/AWSLogs/${ACCOUNT}/Macie/${REGION}/3ce05dbb7ec5505def334104bf160bf5/${ACCOUNT}/x.jsonl.gz`,
          },
      policyDetails: policy
        ? {
            action: {
              actionType: 'AWS_API_CALL',
              apiCallDetails: {
                api: 'DeletePublicAccessBlock',
                apiServiceName: 's3.amazonaws.com',
                firstSeen: '2026-05-04T10:20:00.000Z',
                lastSeen: '2026-05-04T10:20:00.000Z',
              },
            },
            actor: {
              domainDetails: null,
              ipAddressDetails: null,
              userIdentity: {
                type: 'AssumedRole',
                assumedRole: {
                  accountId: ACCOUNT,
                  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`,
                  principalId: 'AROAEXAMPLEID:alice',
                },
              },
            },
          }
        : null,
      sample: false,
      archived: false,
    },
  };
}
