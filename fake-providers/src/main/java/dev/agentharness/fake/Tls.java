package dev.agentharness.fake;

import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A certificate authority made for one run, and a server certificate for 127.0.0.1 and localhost
 * signed by it. Hand {@link #caCertificatePem()} or {@link #clientSslContext()} to a client that must
 * dial {@code wss://} or {@code https://}.
 */
public final class Tls {

  private final HeldCertificate ca;
  private final HandshakeCertificates server;
  private final HandshakeCertificates client;

  private Tls(HeldCertificate ca, HandshakeCertificates server, HandshakeCertificates client) {
    this.ca = ca;
    this.server = server;
    this.client = client;
  }

  /** Generates a new CA and server certificate (ECDSA P-256, valid for one day). */
  public static Tls generate() {
    HeldCertificate ca = new HeldCertificate.Builder()
        .commonName("agentharness test CA")
        .certificateAuthority(0)
        .ecdsa256()
        .duration(1, TimeUnit.DAYS)
        .build();
    HeldCertificate leaf = new HeldCertificate.Builder()
        .commonName("127.0.0.1")
        .addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName("localhost")
        .signedBy(ca)
        .ecdsa256()
        .duration(1, TimeUnit.DAYS)
        .build();
    HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(leaf, ca.certificate()).build();
    HandshakeCertificates client = new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
    return new Tls(ca, server, client);
  }

  /** The CA certificate in PEM, to write to a file for clients in other languages. */
  public String caCertificatePem() {
    return ca.certificatePem();
  }

  /** An SSL context that trusts only this run's CA. */
  public SSLContext clientSslContext() {
    return client.sslContext();
  }

  public SSLSocketFactory clientSocketFactory() {
    return client.sslSocketFactory();
  }

  public X509TrustManager clientTrustManager() {
    return client.trustManager();
  }

  SSLSocketFactory serverSocketFactory() {
    return server.sslSocketFactory();
  }
}
