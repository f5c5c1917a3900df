import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes the native image's input refers to and does not contain: what native-image, under Quarkus'
 * --link-at-build-time, stops on ("Discovered unresolved type during parsing") when the reference is
 * reachable. Reads every class of the source-jar directory Quarkus writes before it runs native-image
 * (the runner jar and lib/), and the JDK's own classes; prints the missing classes by package, with the
 * packages that refer to them, and fails on any package not in the allow-list.
 *
 * <p>Usage: {@code java checks/native/MissingClasses.java SOURCE_JAR_DIR ALLOW_LIST}. The allow-list
 * holds one missing package a line, {@code package  # why it is safe}; a listed package that is no longer
 * missing fails too, so the list never outlives its reasons, and a reason that says
 * {@code substituted (Target_Name)} holds only while that substitution class is in the input.
 */
public class MissingClasses {
    private static final Pattern SUBSTITUTED = Pattern.compile("substituted \\((\\w+)\\)");

    public static void main(String[] args) throws IOException {
        Path input = Path.of(args[0]);
        Map<String, String> allowed = allowList(Path.of(args[1]));
        Set<String> present = new HashSet<>(jdkClasses());
        Map<String, Set<String>> referrers = new TreeMap<>();
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(input)) {
            files.filter(f -> f.toString().endsWith(".jar")).forEach(jars::add);
        }
        List<ClassModel> classes = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile(), false, JarFile.OPEN_READ, Runtime.version())) {
                for (JarEntry entry : file.versionedStream().toList()) {
                    if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                        ClassModel model = ClassFile.of().parse(file.getInputStream(entry).readAllBytes());
                        classes.add(model);
                        present.add(model.thisClass().asInternalName());
                    }
                }
            }
        }
        for (ClassModel model : classes) {
            String from = packageOf(model.thisClass().asInternalName());
            for (var entry : model.constantPool()) {
                if (entry instanceof ClassEntry type) {
                    String name = type.asInternalName();
                    int array = name.lastIndexOf('[');
                    if (array >= 0) {
                        if (name.charAt(array + 1) != 'L') {
                            continue;
                        }
                        name = name.substring(array + 2, name.length() - 1);
                    }
                    if (!present.contains(name)) {
                        referrers.computeIfAbsent(packageOf(name), p -> new TreeSet<>()).add(from);
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        referrers.forEach((missing, from) -> {
            boolean ok = allowed.containsKey(missing);
            System.out.printf("%s %s  <- %s%n", ok ? "allowed" : "MISSING", missing, from);
            if (!ok) {
                problems.add(missing);
            }
        });
        allowed.keySet().stream().filter(p -> !referrers.containsKey(p)).forEach(p -> problems.add(p + " (allowed, no longer missing)"));
        allowed.forEach((missing, reason) -> {
            Matcher substitution = SUBSTITUTED.matcher(reason);
            if (substitution.find() && present.stream().noneMatch(c -> c.endsWith("/" + substitution.group(1)))) {
                problems.add(missing + " (allowed as substituted, but " + substitution.group(1) + " is not in the input)");
            }
        });
        System.out.printf("%d classes in %d jars; %d missing packages, %d allowed%n", classes.size(), jars.size(),
                referrers.size(), referrers.size() - problems.size());
        if (!problems.isEmpty()) {
            System.err.println("MissingClasses: not in the allow-list: " + problems);
            System.exit(1);
        }
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    private static Set<String> jdkClasses() throws IOException {
        Set<String> names = new HashSet<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules"))) {
            files.map(Path::toString).filter(f -> f.endsWith(".class"))
                    .forEach(f -> names.add(f.substring(f.indexOf('/', "/modules/".length()) + 1, f.length() - 6)));
        }
        return names;
    }

    private static Map<String, String> allowList(Path file) throws IOException {
        Map<String, String> allowed = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int hash = entry.indexOf('#');
            if (hash < 0) {
                throw new IllegalArgumentException("allow-list entry without its reason: " + line);
            }
            allowed.put(entry.substring(0, hash).strip(), entry.substring(hash + 1).strip());
        }
        return allowed;
    }
}
