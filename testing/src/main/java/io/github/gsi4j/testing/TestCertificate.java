package io.github.gsi4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's own
 * {@code keytool}: a PKCS#12 key store for a test server and a PKCS#12 trust store holding only the
 * certificate, for the client. Made once per folder.
 *
 * @param keyStore the server's key and certificate
 * @param trustStore the certificate alone
 * @param password both stores' password
 */
public record TestCertificate(Path keyStore, Path trustStore, String password) {

    /** The certificate under {@code target/test-certificates/<name>}, made on first use. */
    public static synchronized TestCertificate create(String name) {
        Path folder = Path.of("target", "test-certificates", name).toAbsolutePath();
        TestCertificate c = new TestCertificate(folder.resolve("server.p12"), folder.resolve("truststore.p12"), "secret");
        if (Files.exists(c.trustStore)) {
            return c;
        }
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(c.keyStore);
            Path cer = folder.resolve("server.cer");
            Files.deleteIfExists(cer);
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", c.keyStore.toString(), "-storepass", c.password);
            keytool("-exportcert", "-alias", "server", "-keystore", c.keyStore.toString(), "-storepass", c.password,
                    "-file", cer.toString());
            Path partial = folder.resolve("truststore.p12.part");
            Files.deleteIfExists(partial);
            keytool("-importcert", "-noprompt", "-alias", "server", "-file", cer.toString(), "-storetype", "PKCS12",
                    "-keystore", partial.toString(), "-storepass", c.password);
            Files.move(partial, c.trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return c;
    }

    /** A TLS context presenting this certificate (for a test server). */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore), password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context trusting only this certificate (for a client). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore));
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load(Path file) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
