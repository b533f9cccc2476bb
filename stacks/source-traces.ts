import { Node } from 'constructs';

/** The metadata type CDKTF adds to every Terraform element, and reads back as `//.metadata.stackTrace`. */
const STACK_TRACE_TYPE = 'stacktrace';

let recording = false;

/**
 * Makes CDKTF record, for every resource, the stack trace of the code that
 * created it (`"//": { "metadata": { "stackTrace": [...] } }` in cdk.tf.json),
 * so that `s3-security review` can point a finding at the TypeScript line
 * that created the resource. CDKTF asks for that trace, but constructs 10
 * records traces only on request, so without this the field is empty.
 *
 * Call it once, before the first construct is created. The traces hold
 * absolute paths, so the output is no longer the same on every machine: use it
 * for the review in CI (the default app does when S3_SECURITY_STACK_TRACES=1),
 * not for output you commit. Source lines are TypeScript lines when the app
 * runs with source maps (tsx and ts-node do; `node --enable-source-maps` for
 * compiled JavaScript).
 */
export function recordConstructStackTraces(): void {
  if (recording) return;
  recording = true;
  const addMetadata = Node.prototype.addMetadata;
  Node.prototype.addMetadata = function (this: Node, type, data, options = {}) {
    addMetadata.call(
      this,
      type,
      data,
      type === STACK_TRACE_TYPE ? { ...options, stackTrace: true } : options,
    );
  };
}
