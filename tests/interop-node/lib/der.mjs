// The few DER facts this peer reads itself: PEM wrapping and the signing-time attribute of a
// SignedData (OpenSSL sets it to its own clock; the receipt's issued_at must match it).

/** PEM text of DER bytes under a label ("CERTIFICATE", "X509 CRL"). */
export function pem(der, label) {
  const body = Buffer.from(der).toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** The DER bytes of every PEM block with the label in a text. */
export function pemBlocks(text, label = 'CERTIFICATE') {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

// OBJECT IDENTIFIER 1.2.840.113549.1.9.5 (signing-time), then SET { UTCTime | GeneralizedTime }.
const signingTimeOid = Buffer.from('06092a864886f70d010905', 'hex');

/** The signing-time of the (only) SignerInfo of a DER SignedData, as whole seconds since 1970; null if absent. */
export function signingTime(signedDer) {
  const at = signedDer.indexOf(signingTimeOid);
  if (at < 0) return null;
  let i = at + signingTimeOid.length;
  if (signedDer[i] !== 0x31) return null;
  i += 2; // SET tag and its one-byte length
  const tag = signedDer[i];
  const length = signedDer[i + 1];
  const text = signedDer.subarray(i + 2, i + 2 + length).toString('latin1');
  let m;
  if (tag === 0x17 && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    const yy = Number(m[1]);
    return Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, m[2] - 1, m[3], m[4], m[5], m[6]) / 1000;
  }
  if (tag === 0x18 && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    return Date.UTC(Number(m[1]), m[2] - 1, m[3], m[4], m[5], m[6]) / 1000;
  }
  return null;
}
