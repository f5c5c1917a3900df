import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

/**
 * Writes a PKCS12 trust store of the root CAs of AWS's endpoints alone, taken from the running JDK's own
 * cacerts: Amazon Trust Services' Amazon Root CA 1 to 4, and Starfield Services Root Certificate Authority - G2,
 * which cross-signs them (https://www.amazontrust.com/repository/). The function calls AWS endpoints only, and
 * parsing all of the JDK's roots is first-invocation time spent on hosts it never calls (docs/benchmarks.md); a
 * function that calls other HTTPS hosts adds their roots to SUBJECTS. Stored, as the JDK's cacerts is, with neither
 * encryption nor an integrity password, which is how the JVM reads a trust store.
 *
 * <p>Usage, at packaging (scripts/tally.sh): {@code java AwsRootsTrustStore.java OUT}
 */
public class AwsRootsTrustStore {
    private static final Set<String> SUBJECTS = Set.of(
            "CN=Amazon Root CA 1,O=Amazon,C=US", "CN=Amazon Root CA 2,O=Amazon,C=US",
            "CN=Amazon Root CA 3,O=Amazon,C=US", "CN=Amazon Root CA 4,O=Amazon,C=US",
            "CN=Starfield Services Root Certificate Authority - G2,O=Starfield Technologies\\, Inc.,"
                    + "L=Scottsdale,ST=Arizona,C=US");

    public static void main(String[] args) throws Exception {
        System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
        System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
        KeyStore jdk = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toFile(),
                "changeit".toCharArray());
        KeyStore aws = KeyStore.getInstance("PKCS12");
        aws.load(null, null);
        for (String alias : Collections.list(jdk.aliases())) {
            if (jdk.getCertificate(alias) instanceof X509Certificate root
                    && SUBJECTS.contains(root.getSubjectX500Principal().getName(X500Principal.RFC2253))) {
                aws.setCertificateEntry(alias, root);
            }
        }
        if (aws.size() != SUBJECTS.size()) {
            throw new IllegalStateException("expected AWS's " + SUBJECTS.size() + " root CAs in the JDK's cacerts, found "
                    + Collections.list(aws.aliases()));
        }
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
            aws.store(out, "changeit".toCharArray());
        }
    }
}
