// The federation's trust list (wire spec section 3): verified with OpenSSL against the pinned
// operator certificate, decoded with protobufjs, and laid out as PEM files for OpenSSL and TLS.
import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { TrustList, MessageType, ParticipantRole } from './contract.mjs';
import { opensslOk } from './openssl.mjs';
import { pem } from './der.mjs';

const uriPrefix = 'urn:crossborder:participant:';
const graceSeconds = 24 * 3600;

/** The participant ids a certificate names in its SAN URIs (WS-3-7: exactly one is allowed). */
export function participantsNamed(certificate) {
  const names = (certificate.subjectAltName ?? '').split(', ');
  return names.filter((n) => n.startsWith('URI:' + uriPrefix)).map((n) => n.slice(4 + uriPrefix.length));
}

/** The one participant a certificate names, or null when it names none or several. */
export function participantOf(certificate) {
  const named = participantsNamed(certificate);
  return named.length === 1 ? named[0] : null;
}

export class Trust {
  constructor(list, dir) {
    this.list = list;
    this.dir = dir;
  }

  /**
   * Opens the signed list: the signature must verify and the signer must be byte for byte the
   * pinned operator certificate (WS-3-1); the list must be version 1 and fresh (WS-3-5).
   */
  static async load(trustListPath, operatorPath, workDir) {
    const dir = path.join(workDir, 'trust');
    fs.mkdirSync(dir, { recursive: true });
    const content = path.join(dir, 'trustlist.pb');
    const signer = path.join(dir, 'operator-signer.pem');
    // -noverify: no path to build, the operator is pinned by its bytes; the signature is still checked.
    await opensslOk(['cms', '-verify', '-binary', '-inform', 'DER', '-in', trustListPath, '-noverify',
      '-signer', signer, '-out', content]);
    const pinned = new X509Certificate(fs.readFileSync(operatorPath));
    const actual = new X509Certificate(fs.readFileSync(signer));
    if (!actual.raw.equals(pinned.raw)) throw new Error('UNTRUSTED: the trust list is not signed by the pinned operator');
    const list = TrustList.decode(fs.readFileSync(content));
    if (list.format_version !== 1) throw new Error('MALFORMED: trust list format_version is not 1');
    const nextUpdate = Number(list.next_update?.seconds ?? 0);
    if (nextUpdate + graceSeconds < Date.now() / 1000) throw new Error('TRUST_LIST_STALE: the trust list is past next_update plus grace');
    const trust = new Trust(list, dir);
    for (const country of list.countries) trust.#writeCountry(country);
    return trust;
  }

  #writeCountry(country) {
    const base = path.join(this.dir, country.code.toLowerCase());
    const anchors = country.anchors.map((d) => pem(d, 'CERTIFICATE')).join('');
    const crls = country.crls.map((d) => pem(d, 'X509 CRL')).join('');
    fs.writeFileSync(base + '-anchors.pem', anchors);
    fs.writeFileSync(base + '-intermediates.pem', country.intermediates.map((d) => pem(d, 'CERTIFICATE')).join(''));
    // OpenSSL's -CAfile loads the CRLs of the same file, for -crl_check_all.
    fs.writeFileSync(base + '-anchors-and-crls.pem', anchors + crls);
  }

  participant(id) {
    return this.list.participants.find((p) => p.id === id) ?? null;
  }

  /** PEM files of a country: anchors, intermediates, and anchors with the CRLs for OpenSSL's -CAfile. */
  countryFiles(code) {
    const base = path.join(this.dir, code.toLowerCase());
    if (!fs.existsSync(base + '-anchors.pem')) return null;
    return { anchors: base + '-anchors.pem', intermediates: base + '-intermediates.pem', caFileWithCrls: base + '-anchors-and-crls.pem' };
  }

  /** Every country's anchors in one PEM text (the TLS server's client CA list; the country is checked per call). */
  allAnchorsPem() {
    return this.list.countries.flatMap((c) => c.anchors.map((d) => pem(d, 'CERTIFICATE'))).join('');
  }

  /**
   * The exchange rules of WS-4-8 and WS-4-9: both listed, the type in the sender's may_send and
   * the receiver's may_receive, police and victim-assistance channels apart. Null when allowed,
   * else the reason code.
   */
  exchangeRefusal(senderId, recipientId, type) {
    const sender = this.participant(senderId);
    const recipient = this.participant(recipientId);
    if (!sender || !recipient) return 'NOT_AUTHORIZED';
    const police = ParticipantRole.values.PARTICIPANT_ROLE_POLICE;
    const senderPolice = sender.roles.includes(police);
    const recipientPolice = recipient.roles.includes(police);
    if (type === MessageType.values.MESSAGE_TYPE_LAW_ENFORCEMENT_INFORMATION && !(senderPolice && recipientPolice)) return 'NOT_AUTHORIZED';
    if (senderPolice !== recipientPolice) return 'NOT_AUTHORIZED';
    if (!sender.may_send.includes(type) || !recipient.may_receive.includes(type)) return 'NOT_AUTHORIZED';
    return null;
  }
}
