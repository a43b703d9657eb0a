// The signed content (wire spec sections 5.6, 6 and 7): SealedContent = InnerHeader, CasePayload
// and zero padding up to the size bucket.
import { randomBytes } from 'node:crypto';
import { SealedContent, CasePayload } from './contract.mjs';

/** Whole seconds of a protobufjs Timestamp field (int64 may come as a Long). */
export function seconds(timestamp) {
  const s = timestamp?.seconds ?? 0;
  return typeof s === 'number' ? s : Number(s.toString());
}

/** WS-1-3: 48 bits of unix milliseconds then 80 random bits, as 32 lower-case hex digits. */
export function newMessageId(nowMs) {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(nowMs));
  return Buffer.concat([time.subarray(2), randomBytes(10)]).toString('hex');
}

/** WS-1-4: 128 random bits. */
export const newConversationId = () => randomBytes(16).toString('hex');

/** The MessageType number of a payload: the number of its oneof field (section 7.1). */
export function payloadType(payload) {
  const name = payload.body;
  return name ? CasePayload.fields[name].id : 0;
}

/** Size buckets in order (section 5.6). */
function* buckets() {
  for (let b = 1024; b <= 16384; b += 1024) yield b;
  for (let b = 32768; b <= 1048576; b *= 2) yield b;
  for (let b = 2 * 1048576; ; b += 1048576) yield b;
}

const varintLength = (n) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4);

/**
 * Encodes the SealedContent padded with zeros to exactly the smallest bucket it can fill
 * (WS-5-21), writing that bucket into header.route.size_bucket (which the caller also uses as
 * the clear routing header). Returns the encoded bytes.
 */
export function padToBucket(header, payload) {
  for (const bucket of buckets()) {
    header.route.size_bucket = bucket;
    const unpadded = SealedContent.encode({ header, payload }).finish().length;
    const room = bucket - unpadded; // tag 0x7A + length varint + zeros
    for (let lengthBytes = 1; lengthBytes <= 4; lengthBytes++) {
      const zeros = room - 1 - lengthBytes;
      if (zeros >= 1 && varintLength(zeros) === lengthBytes) {
        const bytes = SealedContent.encode({ header, payload, padding: Buffer.alloc(zeros) }).finish();
        if (bytes.length !== bucket) throw new Error(`padding arithmetic: ${bytes.length} != ${bucket}`);
        return Buffer.from(bytes);
      }
    }
  }
  throw new Error('no bucket fits');
}
