import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Rewrites every class file older than Java 6 (version 50) in the jars named as a Java 8 class file, its
 * bytecode unchanged, with the stack maps the JDK's verifier needs: an AOT cache holds no class of an older
 * version, so such a class is read from its jar and verified at every start. Joda-Time, which the Lambda
 * extension's {@code ObjectMapper} loads in init, is compiled for Java 5. A jar with no such class is left as
 * it is.
 *
 * <p>Usage, as a source-file program: {@code java UpgradeOldClassFiles.java JAR...}
 */
public final class UpgradeOldClassFiles {
    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            upgrade(Path.of(arg));
        }
    }

    private static void upgrade(Path jar) throws IOException {
        if (!holdsOldClassFiles(jar)) {
            return;
        }
        Path upgraded = Files.createTempFile(jar.toAbsolutePath().getParent(), "upgrading", ".jar");
        int rewritten = 0;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                JarFile in = new JarFile(jar.toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(upgraded))) {
            // Stack maps name the common supertype of two types, so the writer reads the jar's own hierarchy.
            ClassFile writer = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            for (JarEntry entry : in.stream().toList()) {
                byte[] bytes;
                try (InputStream stream = in.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                if (entry.getName().endsWith(".class")) {
                    ClassModel model = ClassFile.of().parse(bytes);
                    if (model.majorVersion() < JAVA_6) {
                        bytes = writer.transformClass(model, ClassTransform.transformingMethodBodies((code, element) -> code.with(element))
                                .andThen((builder, element) -> builder.with(
                                        element instanceof ClassFileVersion ? ClassFileVersion.of(JAVA_8, 0) : element)));
                        rewritten++;
                    }
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("%s: %d class files rewritten for Java 8%n", jar.getFileName(), rewritten);
    }

    private static boolean holdsOldClassFiles(Path jar) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            for (JarEntry entry : in.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream stream = in.getInputStream(entry)) {
                    byte[] header = stream.readNBytes(8);
                    if (header.length == 8 && ((header[6] & 0xff) << 8 | header[7] & 0xff) < JAVA_6) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
