// X-Ray subsegments for every AWS SDK call of a function, bundled in only with the traceSdkCalls
// context: infra/bundling.ts injects this module into each bundle then, and no source file imports
// it, so the bundles without the flag are exactly what they are without this module.
//
// Every SDK v3 client extends one base class and sends through its `send`, so wrapping that method
// wraps each client the first time it sends, wherever it was created (shared/clients.ts,
// ses-client.ts, event-bus-client.ts, the two KMS clients, and any added later). Wrapping each
// client where it is created would have put a branch into modules every bundle carries; esbuild
// drops a dead branch, but its text still changes the minified names and the source map, so the
// untraced bundles would have changed. The clients must share this one copy of @smithy/core (the
// tree has one); test/infra/sdk-tracing-bundle.test.ts would see no subsegments otherwise.
import { Tracer } from '@aws-lambda-powertools/tracer';
import { Client as SdkClient } from '@smithy/core/client';

// captureHTTPsRequests off: only the SDK's calls are traced. With it on, Powertools would trace
// every outgoing HTTPS request and record its URL, and a webhook receiver's URL may carry its token.
// Outside Lambda the Tracer disables itself and leaves the clients as they are; in Lambda, a call
// outside an invocation is dropped silently (it sets AWS_XRAY_CONTEXT_MISSING=IGNORE_ERROR).
const tracer = new Tracer({ captureHTTPsRequests: false });

// Keyed by middleware stack: the document client shares its DynamoDB client's, and one X-Ray
// middleware per stack is one subsegment per request.
const tracedStacks = new WeakSet<object>();
const send = SdkClient.prototype.send;

SdkClient.prototype.send = function tracedSend(this: InstanceType<typeof SdkClient>, ...args: Parameters<typeof send>) {
  if (!tracedStacks.has(this.middlewareStack)) {
    tracedStacks.add(this.middlewareStack);
    tracer.captureAWSv3Client(this);
  }
  return Reflect.apply(send, this, args);
} as typeof send;
