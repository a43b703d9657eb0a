// The receiving side: the peer face (PeerExchange.Deliver and Ping) over mutual TLS 1.3, each
// envelope opened with `openssl cms -decrypt` and `-verify`, each receipt signed with
// `openssl cms -sign`.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, X509Certificate } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { DeliverRequest, DeliverResponse, SealedEnvelope, SealedContent, RouteHeader, CasePayload, Receipt, PingResponse, MessageType, Purpose, ReasonCode } from './contract.mjs';
import { Trust, participantOf } from './trust.mjs';
import { sign, decrypt, verify } from './cms.mjs';
import { payloadType, seconds } from './content.mjs';
import { peerExchange, refusal, tls13Only } from './peer-service.mjs';
import { openssl } from './openssl.mjs';
import { pem, signingTime } from './der.mjs';

const skewSeconds = 300;
const maxLifetimeSeconds = 336 * 3600;
const hexId = /^[0-9a-f]{32}$/;

class Refusal extends Error {
  constructor(reason, text) {
    super(`${reason}: ${text}`);
    this.reason = reason;
    this.text = text;
  }
}

/** Options: as, listen (host:port), tlsCert, tlsKey, chain, signingCert, signingKey, encryptionCert, encryptionKey, trustList, operatorCert, count, timeoutSeconds, out, work. */
export async function serve(o, report) {
  tls13Only();
  const trust = await Trust.load(o.trustList, o.operatorCert, o.work);
  fs.mkdirSync(o.out, { recursive: true });
  const accepted = new Map(); // `${sender} ${message_id}` -> { sha256, route, signedReceipt }
  const verifiedClients = new Map(); // certificate fingerprint -> participant id
  let seq = 0;

  /** The TLS peer's participant, its certificate validated to its own country's anchor at every call (WS-2-3, WS-2-14). */
  async function tlsPeer(call) {
    const certificate = call.getAuthContext?.()?.sslPeerCertificate;
    if (!certificate?.raw) throw new Refusal('UNTRUSTED', 'no client certificate');
    const x509 = new X509Certificate(certificate.raw);
    const id = participantOf(x509);
    if (!id || !trust.participant(id)) throw new Refusal('NOT_AUTHORIZED', 'the client certificate names no listed participant');
    if (verifiedClients.get(x509.fingerprint256) === id) return id;
    const country = trust.countryFiles(id.slice(0, 2));
    const file = path.join(o.work, `client-${x509.fingerprint256.replaceAll(':', '')}.pem`);
    fs.writeFileSync(file, pem(certificate.raw, 'CERTIFICATE'));
    const checked = country && (await openssl(['verify', '-CAfile', country.caFileWithCrls, '-untrusted', country.intermediates,
      '-crl_check_all', '-purpose', 'sslclient', file]));
    if (!checked || checked.code !== 0) throw new Refusal('UNTRUSTED', 'the client certificate has no path to its own country');
    verifiedClients.set(x509.fingerprint256, id);
    return id;
  }

  /** Signs a Receipt whose issued_at is the signing time OpenSSL writes (WS-11-2), retrying if a second boundary passes. */
  async function signReceipt(fields, dir) {
    for (let attempt = 0; ; attempt++) {
      const issued = Math.floor(Date.now() / 1000);
      fs.writeFileSync(path.join(dir, 'receipt.pb'), Receipt.encode({ ...fields, issued_at: { seconds: issued } }).finish());
      await sign({ contentPath: path.join(dir, 'receipt.pb'), signerCert: o.signingCert, signerKey: o.signingKey, chain: o.chain, outPath: path.join(dir, 'receipt.der') });
      const signed = fs.readFileSync(path.join(dir, 'receipt.der'));
      if (signingTime(signed) === issued || attempt >= 3) return signed;
    }
  }

  async function judge(call) {
    const peer = await tlsPeer(call);
    const request = DeliverRequest.decode(call.request);
    const envelopeBytes = Buffer.from(request.envelope);
    let envelope;
    try {
      envelope = SealedEnvelope.decode(envelopeBytes);
    } catch {
      throw new Refusal('MALFORMED', 'the envelope is not a SealedEnvelope');
    }
    const route = envelope.route;
    if (!route) throw new Refusal('MALFORMED', 'the envelope has no route');
    // Routing checks of section 4, in the order of section 12.3.
    if (route.recipient !== o.as) throw new Refusal('NOT_A_RECIPIENT', 'the routing recipient is not this participant');
    if (route.sender !== peer) throw new Refusal('SIGNER_MISMATCH', 'the routing sender is not the TLS peer');
    if (!hexId.test(route.message_id) || !hexId.test(route.conversation_id) || !route.created_at || !route.expires_at) throw new Refusal('MALFORMED', 'routing ids or times malformed');
    if (!MessageType.valuesById[route.message_type] || route.message_type === 0) throw new Refusal('UNKNOWN_MESSAGE_TYPE', 'undefined message type');
    if (route.schema_version !== 1) throw new Refusal('UNSUPPORTED_SCHEMA_VERSION', 'schema version is not 1');
    const rule = trust.exchangeRefusal(route.sender, o.as, route.message_type);
    if (rule) throw new Refusal(rule, 'the trust list does not allow this exchange');

    const sealed = Buffer.from(envelope.sealed);
    const sha256 = createHash('sha256').update(sealed).digest();
    const key = `${route.sender} ${route.message_id}`;
    const routeBytes = Buffer.from(RouteHeader.encode(route).finish());
    const known = accepted.get(key);
    if (known && known.sha256.equals(sha256) && known.routeBytes.equals(routeBytes)) return { signedReceipt: known.signedReceipt };

    // Open (sections 5 and 6): decrypt, verify signature and path, signer, signing time, binding.
    const dir = path.join(o.work, `delivery-${++seq}`);
    fs.mkdirSync(dir, { recursive: true });
    const file = (name) => path.join(dir, name);
    fs.writeFileSync(file('sealed.der'), sealed);
    if (!(await decrypt({ inPath: file('sealed.der'), recipientCert: o.encryptionCert, recipientKey: o.encryptionKey, outPath: file('signed.der') }))) {
      throw new Refusal('DECRYPT_FAILED', 'the envelope does not decrypt');
    }
    const country = trust.countryFiles(route.sender.slice(0, 2));
    const checked = await verify({ inPath: file('signed.der'), caFileWithCrls: country.caFileWithCrls, intermediates: country.intermediates,
      signerOut: file('signer.pem'), contentOut: file('content.pb') });
    if (!checked.ok) throw new Refusal('BAD_SIGNATURE', 'the signature or the signer path does not verify');
    const signer = participantOf(new X509Certificate(fs.readFileSync(file('signer.pem'))));
    if (!signer || !trust.participant(signer)) throw new Refusal('NOT_AUTHORIZED', 'the signer names no listed participant');
    const signedAt = signingTime(fs.readFileSync(file('signed.der')));
    const now = Date.now() / 1000;
    if (signedAt === null) throw new Refusal('MALFORMED', 'no signing time');
    if (signedAt > now + skewSeconds) throw new Refusal('STALE', 'the signing time is in the future');
    const contentBytes = fs.readFileSync(file('content.pb'));
    let content;
    try {
      content = SealedContent.decode(contentBytes);
    } catch {
      throw new Refusal('MALFORMED', 'the signed content is not a SealedContent');
    }
    if (content.padding && content.padding.some((b) => b !== 0)) throw new Refusal('MALFORMED', 'padding is not zeros');
    if (!content.header) throw new Refusal('MALFORMED', 'no inner header');
    const signedRoute = content.header.route;
    if (!signedRoute) throw new Refusal('HEADER_MISMATCH', 'no signed route');
    for (const field of RouteHeader.fieldsArray) {
      const clear = route[field.name];
      const inner = signedRoute[field.name];
      const same = field.resolvedType
        ? seconds(clear) === seconds(inner) && (clear?.nanos ?? 0) === (inner?.nanos ?? 0)
        : clear === inner;
      if (!same) throw new Refusal('HEADER_MISMATCH', `the signed ${field.name} differs from the routing header`);
    }
    if (contentBytes.length !== route.size_bucket) throw new Refusal('HEADER_MISMATCH', 'the signed content is not size_bucket long');
    if (signer !== route.sender) throw new Refusal('SIGNER_MISMATCH', 'the signer is not the routing sender');
    if (!content.payload) throw new Refusal('MALFORMED', 'no payload');
    if (payloadType(content.payload) !== route.message_type) throw new Refusal('HEADER_MISMATCH', 'the payload is not of the routed type');

    // Authenticated: id conflict, then freshness (sections 10 and 8), answered with receipts.
    const receiptFields = { message_id: route.message_id, sender: route.sender, recipient: o.as, sealed_sha256: sha256 };
    let reason = null;
    const created = seconds(route.created_at);
    const expires = seconds(route.expires_at);
    if (known) reason = 'ID_CONFLICT';
    else if (created > now + skewSeconds || now > expires || expires <= created || expires - created > maxLifetimeSeconds) reason = 'STALE';
    if (reason) {
      const signedReceipt = await signReceipt({ ...receiptFields, outcome: 2, reason: ReasonCode.values[`REASON_CODE_${reason}`] }, dir);
      report({ event: 'rejected', message_id: route.message_id, sender: route.sender, reason });
      return { signedReceipt };
    }

    const payloadFile = path.join(o.out, `${route.message_id}.payload.pb`);
    fs.writeFileSync(payloadFile, CasePayload.encode(content.payload).finish());
    const signedReceipt = await signReceipt({ ...receiptFields, outcome: 1 }, dir);
    accepted.set(key, { sha256, routeBytes, signedReceipt });
    report({
      event: 'opened',
      message_id: route.message_id,
      conversation_id: route.conversation_id,
      sender: route.sender,
      signer,
      message_type: MessageType.valuesById[route.message_type],
      purpose: Purpose.valuesById[content.header.purpose],
      legal_basis: content.header.legal_basis,
      size_bucket: route.size_bucket,
      signing_time: new Date(signedAt * 1000).toISOString(),
      payload_file: payloadFile,
    });
    return { signedReceipt, accepted: true };
  }

  const server = new grpc.Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 + 65536 });
  let remaining = Number(o.count);
  const done = new Promise((resolve) => {
    server.addService(peerExchange, {
      Deliver: (call, callback) => {
        judge(call).then(
          ({ signedReceipt, accepted: wasAccepted }) => {
            callback(null, Buffer.from(DeliverResponse.encode({ signed_receipt: signedReceipt }).finish()));
            if (wasAccepted && --remaining <= 0) resolve();
          },
          (error) => {
            if (error instanceof Refusal) {
              report({ event: 'refused', reason: error.reason, text: error.text });
              callback(refusal(error.reason, error.text));
            } else {
              report({ event: 'failed', text: String(error?.message ?? error) });
              callback(refusal('UNAVAILABLE', 'temporary failure, try again'));
            }
          });
      },
      Ping: (call, callback) => {
        tlsPeer(call).then(
          (peer) => callback(null, Buffer.from(PingResponse.encode({ verified_caller: peer, responder: o.as, time: { seconds: Math.floor(Date.now() / 1000) } }).finish())),
          (error) => callback(refusal(error.reason ?? 'UNAVAILABLE', error.text ?? 'temporary failure, try again')));
      },
    });
  });

  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(trust.allAnchorsPem()),
    [{ private_key: fs.readFileSync(o.tlsKey), cert_chain: Buffer.concat([fs.readFileSync(o.tlsCert), fs.readFileSync(o.chain)]) }],
    true);
  const port = await new Promise((resolve, reject) =>
    server.bindAsync(o.listen, credentials, (error, bound) => (error ? reject(error) : resolve(bound))));
  report({ event: 'listening', port, participant: o.as });

  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${o.timeoutSeconds} s waiting for ${o.count} deliveries`)), Number(o.timeoutSeconds) * 1000).unref());
  try {
    await Promise.race([done, timeout]);
    // Let the last answer leave, and answer a sender's repeat of it, before closing.
    await new Promise((resolve) => setTimeout(resolve, 2000));
  } finally {
    await new Promise((resolve) => server.tryShutdown(() => resolve()));
  }
}
