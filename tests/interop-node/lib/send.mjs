// The sending side: seal a payload as the wire spec says, deliver it over mutual TLS 1.3, and
// verify the signed receipt with `openssl cms -verify`.
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { createHash, X509Certificate } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { CasePayload, SealedEnvelope, DeliverRequest, DeliverResponse, Receipt, Purpose, ReceiptOutcome, MessageType } from './contract.mjs';
import { Trust, participantOf, participantsNamed } from './trust.mjs';
import { sign, encrypt, reencodesIdentically, verify } from './cms.mjs';
import { padToBucket, payloadType, newMessageId, newConversationId } from './content.mjs';
import { peerExchange, reasonOf, tls13Only, reasonName } from './peer-service.mjs';
import { openssl } from './openssl.mjs';
import { pem } from './der.mjs';

const maxReceiptBytes = 65536;

class SendFailure extends Error {
  constructor(reason, text) {
    super(`${reason}: ${text}`);
    this.reason = reason;
  }
}

/** Options: as, to, target (host:port), tlsCert, tlsKey, chain, signingCert, signingKey, trustList, operatorCert, payload, purpose, legalBasis, policyId, policyVersion, policySha256, lifetimeHours, work. */
export async function send(o) {
  tls13Only();
  const trust = await Trust.load(o.trustList, o.operatorCert, o.work);
  if (participantOf(new X509Certificate(fs.readFileSync(o.signingCert))) !== o.as) throw new SendFailure('SIGNER_MISMATCH', `the signing certificate does not name ${o.as}`);

  const payload = CasePayload.decode(fs.readFileSync(o.payload));
  const type = payloadType(payload);
  const refused = trust.exchangeRefusal(o.as, o.to, type);
  if (refused) throw new SendFailure(refused, `${o.as} may not send ${MessageType.valuesById[type]} to ${o.to} under the trust list`);
  const recipientCerts = await encryptionCertificates(trust, o.to, o.work);

  // Routing header and inner header (sections 4 and 6); signing time = created_at (WS-8-2).
  const nowMs = Date.now();
  const created = Math.floor(nowMs / 1000);
  const route = {
    message_id: newMessageId(nowMs),
    conversation_id: newConversationId(),
    sender: o.as,
    recipient: o.to,
    message_type: type,
    schema_version: 1,
    created_at: { seconds: created },
    expires_at: { seconds: created + Math.round(Number(o.lifetimeHours) * 3600) },
  };
  const purpose = Purpose.values[o.purpose];
  if (!purpose) throw new SendFailure('MALFORMED', `unknown purpose ${o.purpose}`);
  const header = {
    route,
    purpose,
    legal_basis: o.legalBasis,
    policy_stamp: { id: o.policyId, version: o.policyVersion, sha256: Buffer.from(o.policySha256, 'hex') },
  };
  const content = padToBucket(header, payload);

  const dir = path.join(o.work, route.message_id);
  fs.mkdirSync(dir, { recursive: true });
  const file = (name) => path.join(dir, name);
  fs.writeFileSync(file('content.pb'), content);
  await sign({ contentPath: file('content.pb'), signerCert: o.signingCert, signerKey: o.signingKey, chain: o.chain, outPath: file('signed.der') });
  await encrypt({ inPath: file('signed.der'), recipientCerts, outPath: file('sealed.der') });
  if (!(await reencodesIdentically(file('sealed.der'), file('reencoded.der')))) throw new SendFailure('MALFORMED', 'OpenSSL wrote an envelope that is not DER');
  const sealed = fs.readFileSync(file('sealed.der'));
  const envelope = Buffer.from(SealedEnvelope.encode({ route, sealed }).finish());

  const response = await deliver(o, trust, Buffer.from(DeliverRequest.encode({ envelope }).finish()));
  const signedReceipt = Buffer.from(DeliverResponse.decode(response).signed_receipt);
  fs.writeFileSync(file('receipt.der'), signedReceipt);
  const receipt = await verifyReceipt(o, trust, file, signedReceipt, route, sealed);
  return {
    event: 'delivered',
    message_id: route.message_id,
    message_type: MessageType.valuesById[type],
    size_bucket: route.size_bucket,
    sealed_sha256: createHash('sha256').update(sealed).digest('hex'),
    receipt_signer: o.to,
    outcome: ReceiptOutcome.valuesById[receipt.outcome].replace('RECEIPT_OUTCOME_', ''),
    reason: reasonName(receipt.reason),
  };
}

/** WS-5-8: every encryption certificate the trust list gives the recipient that names it and has a path to its country's anchor. */
async function encryptionCertificates(trust, to, work) {
  const country = trust.countryFiles(to.slice(0, 2));
  const certs = [];
  const entry = trust.participant(to);
  for (const [i, der] of entry.encryption_certificates.entries()) {
    const certPath = path.join(work, 'trust', `${to.replace('/', '-')}-encryption-${i}.pem`);
    fs.writeFileSync(certPath, pem(der, 'CERTIFICATE'));
    if (participantOf(new X509Certificate(der)) !== to) continue;
    const checked = await openssl(['verify', '-CAfile', country.caFileWithCrls, '-untrusted', country.intermediates, '-crl_check_all', certPath]);
    if (checked.code === 0) certs.push(certPath);
  }
  if (certs.length === 0) throw new SendFailure('UNTRUSTED', `${to} has no valid encryption certificate in the trust list`);
  return certs;
}

/** One Deliver call over mutual TLS 1.3 to a server that must prove to be the recipient (WS-2-7). */
function deliver(o, trust, request) {
  const country = trust.countryFiles(o.to.slice(0, 2));
  const context = tls.createSecureContext({
    ca: fs.readFileSync(country.anchors),
    cert: Buffer.concat([fs.readFileSync(o.tlsCert), fs.readFileSync(o.chain)]),
    key: fs.readFileSync(o.tlsKey),
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
  });
  const credentials = grpc.credentials.createFromSecureContext(context, {
    // No host name check (section 2.1): the server must name exactly the participant dialled.
    checkServerIdentity: (_host, certificate) => {
      const named = participantsNamed({ subjectAltName: certificate.subjectaltname });
      return named.length === 1 && named[0] === o.to ? undefined : new Error(`NOT_AUTHORIZED: the server certificate does not name ${o.to}`);
    },
  });
  const Client = grpc.makeGenericClientConstructor(peerExchange, 'PeerExchange');
  const client = new Client(o.target, credentials, {
    'grpc.max_receive_message_length': maxReceiptBytes + 65536,
    // A name instead of the IP address for SNI (RFC 6066 allows no address); the identity check above decides.
    'grpc.ssl_target_name_override': 'crossborder-peer',
  });
  return new Promise((resolve, reject) => {
    client.Deliver(request, { deadline: Date.now() + 30000 }, (error, response) => {
      client.close();
      if (error) reject(new SendFailure(reasonOf(error) ?? 'UNAVAILABLE', `Deliver refused: status ${error.code} ${error.details}`));
      else resolve(response);
    });
  });
}

/** WS-11-6 in its order: size, signature and path (OpenSSL), signer = recipient, the fields, the digest, the outcome. */
async function verifyReceipt(o, trust, file, signedReceipt, route, sealed) {
  if (signedReceipt.length > maxReceiptBytes) throw new SendFailure('TOO_LARGE', 'the receipt is over 65,536 bytes');
  const country = trust.countryFiles(o.to.slice(0, 2));
  const checked = await verify({ inPath: file('receipt.der'), caFileWithCrls: country.caFileWithCrls, intermediates: country.intermediates,
    signerOut: file('receipt-signer.pem'), contentOut: file('receipt.pb') });
  if (!checked.ok) throw new SendFailure('BAD_SIGNATURE', `openssl cms -verify refused the receipt: ${checked.stderr}`);
  const signer = participantOf(new X509Certificate(fs.readFileSync(file('receipt-signer.pem'))));
  if (signer !== o.to) throw new SendFailure('SIGNER_MISMATCH', `the receipt is signed by ${signer}, not ${o.to}`);
  const receipt = Receipt.decode(fs.readFileSync(file('receipt.pb')));
  if (receipt.message_id !== route.message_id || receipt.sender !== o.as || receipt.recipient !== o.to) throw new SendFailure('HEADER_MISMATCH', 'the receipt is about another message');
  const digest = createHash('sha256').update(sealed).digest();
  if (!Buffer.from(receipt.sealed_sha256).equals(digest)) throw new SendFailure('HEADER_MISMATCH', 'the receipt names other sealed bytes');
  if (receipt.outcome !== ReceiptOutcome.values.RECEIPT_OUTCOME_ACCEPTED) {
    throw new SendFailure(reasonName(receipt.reason) ?? 'MALFORMED', `the receipt is ${ReceiptOutcome.valuesById[receipt.outcome]} ${reasonName(receipt.reason)}`);
  }
  if (receipt.reason !== 0) throw new SendFailure('MALFORMED', 'an ACCEPTED receipt with a reason');
  return receipt;
}
