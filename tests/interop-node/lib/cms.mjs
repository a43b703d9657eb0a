// The envelope profile (wire spec section 5) with `openssl cms`: sign then encrypt, decrypt then
// verify. Each function names the options that turn OpenSSL's defaults into the profile.
import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { openssl, opensslOk } from './openssl.mjs';

/**
 * SignedData of section 5.4 (WS-5-14 to WS-5-19): SHA-256, content attached as id-data, binary
 * (no CRLF conversion), signed attributes content-type, message-digest and signing-time only
 * (-nosmimecap drops OpenSSL's extra SMIMECapabilities attribute), the issuing chain embedded.
 * An EC P-256 key signs ecdsa-with-SHA256; an RSA key gets PSS with salt 32.
 */
export async function sign({ contentPath, signerCert, signerKey, chain, outPath }) {
  const args = ['cms', '-sign', '-binary', '-nodetach', '-nosmimecap', '-md', 'sha256', '-in', contentPath,
    '-signer', signerCert, '-inkey', signerKey, '-outform', 'DER', '-out', outPath];
  if (chain) args.push('-certfile', chain);
  if (new X509Certificate(fs.readFileSync(signerCert)).publicKey.asymmetricKeyType === 'rsa') {
    args.push('-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:32');
  }
  await opensslOk(args);
}

/**
 * AuthEnvelopedData of sections 5.2 and 5.3: AES-256-GCM (12-octet nonce, 16-octet tag, fresh
 * key and nonce from OpenSSL), one recipient info per encryption certificate: ECDH with the
 * SHA-256 X9.63 KDF and AES-256 key wrap for EC keys (-keyopt ecdh_kdf_md:sha256; the wrap
 * follows the 256-bit content key), RSAES-OAEP with SHA-256 and MGF1-SHA-256 for RSA keys.
 */
export async function encrypt({ inPath, recipientCerts, outPath }) {
  const args = ['cms', '-encrypt', '-binary', '-aes-256-gcm', '-in', inPath, '-outform', 'DER', '-out', outPath];
  for (const cert of recipientCerts) {
    args.push('-recip', cert);
    if (new X509Certificate(fs.readFileSync(cert)).publicKey.asymmetricKeyType === 'rsa') {
      args.push('-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-keyopt', 'rsa_mgf1_md:sha256');
    } else {
      args.push('-keyopt', 'ecdh_kdf_md:sha256');
    }
  }
  await opensslOk(args);
}

/** DER check of Appendix B: OpenSSL re-encodes the structure to the same bytes. */
export async function reencodesIdentically(derPath, scratchPath) {
  await opensslOk(['cms', '-cmsout', '-inform', 'DER', '-in', derPath, '-outform', 'DER', '-out', scratchPath]);
  return fs.readFileSync(derPath).equals(fs.readFileSync(scratchPath));
}

/** The text dump of a CMS structure (algorithms, recipient infos, attributes). */
export async function print(derPath) {
  return (await opensslOk(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', derPath])).stdout.toString('utf8');
}

/** Decrypts an AuthEnvelopedData with one encryption key; false when OpenSSL cannot (any reason). */
export async function decrypt({ inPath, recipientCert, recipientKey, outPath }) {
  const result = await openssl(['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', inPath,
    '-recip', recipientCert, '-inkey', recipientKey, '-out', outPath]);
  return result.code === 0;
}

/**
 * Verifies a SignedData: the signature, and a path from the signer to an anchor of the given
 * country file (anchors plus CRLs, with -crl_check_all), using the embedded certificates and
 * the country's listed intermediates as untrusted material. Writes the signer certificate and
 * the content; returns { ok, stderr }.
 */
export async function verify({ inPath, caFileWithCrls, intermediates, signerOut, contentOut }) {
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', inPath, '-CAfile', caFileWithCrls,
    '-purpose', 'any', '-crl_check_all', '-signer', signerOut, '-out', contentOut];
  if (intermediates && fs.statSync(intermediates).size > 0) args.push('-certfile', intermediates);
  const result = await openssl(args);
  return { ok: result.code === 0, stderr: result.stderr.trim() };
}
