// The crossborder.v1 protocol definitions, read from the repository's .proto files with
// protobufjs: the messages this peer encodes and decodes itself.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The folder of the protocol definitions (protos/ at the repository root). */
export const protosDir = path.resolve(here, '..', '..', '..', 'protos');

const googleDir = path.resolve(path.dirname(require.resolve('protobufjs/google/protobuf/descriptor.proto')), '..', '..');

function load() {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target)) return target;
    if (target.startsWith('google/protobuf/')) return path.join(googleDir, target);
    return path.join(protosDir, target);
  };
  root.loadSync(['crossborder/v1/envelope.proto', 'crossborder/v1/peer.proto', 'crossborder/v1/receipt.proto',
    'crossborder/v1/trust_list.proto'], { keepCase: true });
  // google.rpc.Status and ErrorInfo (with an Any of the same wire form), the refusal details of the wire spec (section 12.1).
  protobuf.parse(`syntax = "proto3";
    package google.rpc;
    message Any { string type_url = 1; bytes value = 2; }
    message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
    message ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }`, root, { keepCase: true });
  root.resolveAll();
  return root;
}

export const root = load();
export const t = (name) => root.lookupType(name);
export const e = (name) => root.lookupEnum(name);

export const SealedEnvelope = t('crossborder.v1.SealedEnvelope');
export const RouteHeader = t('crossborder.v1.RouteHeader');
export const SealedContent = t('crossborder.v1.SealedContent');
export const CasePayload = t('crossborder.v1.CasePayload');
export const Receipt = t('crossborder.v1.Receipt');
export const TrustList = t('crossborder.v1.TrustList');
export const DeliverRequest = t('crossborder.v1.DeliverRequest');
export const DeliverResponse = t('crossborder.v1.DeliverResponse');
export const PingResponse = t('crossborder.v1.PingResponse');
export const RpcStatus = t('google.rpc.Status');
export const ErrorInfo = t('google.rpc.ErrorInfo');
export const MessageType = e('crossborder.v1.MessageType');
export const Purpose = e('crossborder.v1.Purpose');
export const ReasonCode = e('crossborder.v1.ReasonCode');
export const ReceiptOutcome = e('crossborder.v1.ReceiptOutcome');
export const ParticipantRole = e('crossborder.v1.ParticipantRole');
