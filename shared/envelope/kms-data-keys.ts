// Data keys in AWS: GenerateDataKey and Decrypt on the stack's own symmetric KMS key, with the
// encryption context on both, so a wrapped key copied to another workspace's item does not unwrap.
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { DataKeyKeeper } from './data-keys.js';

export function kmsDataKeys(kms: Pick<KMSClient, 'send'>, keyId: string): DataKeyKeeper {
  return {
    async generate(context) {
      const answer = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
      if (!answer.Plaintext || !answer.CiphertextBlob) throw new Error('KMS answered GenerateDataKey without a key');
      return { plaintext: answer.Plaintext, wrapped: answer.CiphertextBlob };
    },
    async unwrap(wrapped, context) {
      // KeyId pinned: a blob wrapped by any other key of the account is refused rather than tried.
      const answer = await kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: context }));
      if (!answer.Plaintext) throw new Error('KMS answered Decrypt without a key');
      return answer.Plaintext;
    },
  };
}
