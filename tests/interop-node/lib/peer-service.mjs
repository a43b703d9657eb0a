// crossborder.v1.PeerExchange for grpc-js. The messages travel as bytes that this peer encodes
// and decodes itself with protobufjs, so that what is digested is exactly what was sent.
import tls from 'node:tls';
import grpc from '@grpc/grpc-js';
import { RpcStatus, ErrorInfo, ReasonCode } from './contract.mjs';

const identity = (bytes) => bytes;
const unary = (method) => ({
  path: `/crossborder.v1.PeerExchange/${method}`,
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
});

export const peerExchange = { Deliver: unary('Deliver'), Ping: unary('Ping') };

/** TLS 1.3 only, both directions (WS-2-1): the default of every context this process makes. */
export function tls13Only() {
  tls.DEFAULT_MIN_VERSION = 'TLSv1.3';
  tls.DEFAULT_MAX_VERSION = 'TLSv1.3';
}

// The gRPC status of each reason code the node peer sends (wire spec section 13).
const statusOf = {
  MALFORMED: grpc.status.INVALID_ARGUMENT,
  UNKNOWN_FIELD: grpc.status.INVALID_ARGUMENT,
  UNKNOWN_MESSAGE_TYPE: grpc.status.INVALID_ARGUMENT,
  UNSUPPORTED_SCHEMA_VERSION: grpc.status.INVALID_ARGUMENT,
  TOO_LARGE: grpc.status.INVALID_ARGUMENT,
  NOT_A_RECIPIENT: grpc.status.FAILED_PRECONDITION,
  DECRYPT_FAILED: grpc.status.FAILED_PRECONDITION,
  BAD_SIGNATURE: grpc.status.FAILED_PRECONDITION,
  HEADER_MISMATCH: grpc.status.FAILED_PRECONDITION,
  STALE: grpc.status.FAILED_PRECONDITION,
  UNTRUSTED: grpc.status.UNAUTHENTICATED,
  SIGNER_MISMATCH: grpc.status.UNAUTHENTICATED,
  NOT_AUTHORIZED: grpc.status.PERMISSION_DENIED,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
};

/** A refusal as section 12.1 says: status, `CODE: text`, and an ErrorInfo in the crossborder.v1 domain. */
export function refusal(reason, text) {
  const code = statusOf[reason] ?? grpc.status.UNAVAILABLE;
  const message = `${reason}: ${text}`;
  const info = ErrorInfo.encode({ reason, domain: 'crossborder.v1' }).finish();
  const status = RpcStatus.encode({ code, message, details: [{ type_url: 'type.googleapis.com/google.rpc.ErrorInfo', value: info }] }).finish();
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status));
  return { code, details: message, metadata };
}

/** The ErrorInfo reason of a refused call, or null when it carries none. */
export function reasonOf(error) {
  const [details] = error?.metadata?.get('grpc-status-details-bin') ?? [];
  if (!details) return null;
  const status = RpcStatus.decode(details);
  const info = status.details.find((d) => d.type_url.endsWith('/google.rpc.ErrorInfo'));
  return info ? ErrorInfo.decode(info.value).reason : null;
}

/** A ReasonCode number as the spec writes it: the enum name without its REASON_CODE_ prefix. */
export function reasonName(number) {
  return ReasonCode.valuesById[number]?.replace('REASON_CODE_', '') ?? null;
}
