package dev.tally.processor.graal;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import software.amazon.awssdk.checksums.SdkChecksum;

/**
 * The native image only. The SDK's ChecksumProvider constructs the AWS CRT's checksums directly
 * ({@code new software.amazon.awssdk.crt.checksums.CRC32C()}, {@code CRC64NVME}), and every signed call
 * reaches it; the CRT is not on the class path, so native-image, which Quarkus runs with
 * {@code --link-at-build-time}, stops on the unresolved types (aws-sdk-java-v2 #4634 and #4803; the
 * Quarkiverse Amazon Services and Camel Quarkus extensions carry the same substitution). Without the CRT
 * the SDK never calls these two methods: it checks for the CRT first and uses the JDK's CRC32C.
 * {@code NativeSubstitutionsTest} fails when an SDK upgrade renames or removes them.
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
final class Target_ChecksumProvider {

    @Substitute
    static SdkChecksum createCrtCrc32C() {
        throw new UnsupportedOperationException("the AWS CRT is not in this native image");
    }

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new UnsupportedOperationException("the AWS CRT is not in this native image");
    }
}
