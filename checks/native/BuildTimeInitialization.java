import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the native image would carry from build time that must not be there. Quarkus initialises every class at
 * build time but those it is told to leave to run time, so an object a static initialiser makes lands in the
 * image heap; native-image stops on a {@code Random} (its seed would be the same in every process), a thread, a
 * socket or an {@code SSLContext}, or carries a thread pool made before the process existed. This reads every
 * class of the native image's input (the source-jar directory Quarkus writes before it runs native-image) of the
 * libraries the function brings (the AWS SDK, the Lambda libraries, Jackson, Joda-Time) and of Tally, and reports
 * each class that holds such an object in a field, as the Quarkiverse Amazon Services extension marks
 * {@code FullJitterBackoffStrategy} and {@code CachedSupplier}, or whose static initialiser reaches one through
 * the calls it makes within the input (static calls, constructors, and the declared target of other calls). Each
 * must be initialised at run time, by Quarkus' generated {@code Feature} or by {@code --initialize-at-run-time}
 * on native-image's command line: an instance made at build time is then native-image's error, naming the field.
 *
 * <p>It also checks the AWS SDK's {@code execution.interceptors} files, whose classes the SDK instantiates by
 * reflection: each must be registered for reflection in the image ({@code reflect-config.json}), and the file
 * itself included ({@code resource-config.json}).
 *
 * <p>What it cannot prove: a virtual or interface call is followed to its declared target only, not to every
 * implementation; reflection and method handles in a static initialiser are not followed. native-image's own
 * analysis is the final word, in the native-arm64 workflow.
 *
 * <p>Usage: {@code java checks/native/BuildTimeInitialization.java SOURCE_JAR_DIR NATIVE_IMAGE_COMMAND_LINE}
 */
public class BuildTimeInitialization {
    /** Owner, name: making one of these makes what native-image refuses in its image heap. */
    private static final Map<String, String> HAZARDS = Map.ofEntries(
            Map.entry("java/util/Random.<init>", "a Random"),
            Map.entry("java/security/SecureRandom.<init>", "a SecureRandom"),
            Map.entry("java/security/SecureRandom.getInstance", "a SecureRandom"),
            Map.entry("java/security/SecureRandom.getInstanceStrong", "a SecureRandom"),
            Map.entry("java/util/SplittableRandom.<init>", "a SplittableRandom"),
            Map.entry("java/util/concurrent/ThreadLocalRandom.current", "a ThreadLocalRandom"),
            Map.entry("java/util/UUID.randomUUID", "a SecureRandom (UUID.randomUUID)"),
            Map.entry("java/lang/Thread.<init>", "a thread"),
            Map.entry("java/lang/Thread.start", "a started thread"),
            Map.entry("java/lang/Thread.ofPlatform", "a thread"),
            Map.entry("java/lang/Thread.ofVirtual", "a thread"),
            Map.entry("java/util/Timer.<init>", "a started thread (Timer)"),
            Map.entry("java/util/concurrent/ThreadPoolExecutor.<init>", "a thread pool"),
            Map.entry("java/util/concurrent/ScheduledThreadPoolExecutor.<init>", "a thread pool"),
            Map.entry("java/util/concurrent/ForkJoinPool.<init>", "a thread pool"),
            Map.entry("java/net/Socket.<init>", "a socket"),
            Map.entry("java/net/ServerSocket.<init>", "a socket"),
            Map.entry("java/net/DatagramSocket.<init>", "a socket"),
            Map.entry("java/nio/channels/SocketChannel.open", "a socket"),
            Map.entry("javax/net/ssl/SSLContext.getInstance", "an SSLContext"),
            Map.entry("javax/net/ssl/SSLContext.getDefault", "an SSLContext"),
            Map.entry("javax/net/ssl/SSLSocketFactory.getDefault", "an SSLContext"),
            Map.entry("javax/net/ssl/HttpsURLConnection.getDefaultSSLSocketFactory", "an SSLContext"));
    /** java.util.concurrent.Executors' factories all make thread pools. */
    private static final String EXECUTORS = "java/util/concurrent/Executors";
    /** Types whose instances native-image refuses in its image heap: a class with a field of one holds one. */
    private static final Map<String, String> HELD = Map.of(
            "Ljava/util/Random;", "a Random", "Ljava/security/SecureRandom;", "a SecureRandom",
            "Ljava/util/SplittableRandom;", "a SplittableRandom", "Ljava/lang/Thread;", "a thread",
            "Ljava/net/Socket;", "a socket", "Ljavax/net/ssl/SSLContext;", "an SSLContext",
            "Ljavax/net/ssl/SSLSocketFactory;", "an SSLContext");
    /** The libraries the function brings to the image, and its own code; Quarkus' extensions see to their own. */
    private static final List<String> CHECKED = List.of("software/amazon/awssdk/", "com/amazonaws/", "com/fasterxml/jackson/",
            "org/joda/time/", "dev/tally/");
    private static final int MAX_DEPTH = 12;
    private static final Pattern RUN_TIME_ARGUMENT = Pattern.compile("--initialize-at-run-time=(\\S+)");

    private final Map<String, ClassModel> classes = new HashMap<>();

    public static void main(String[] args) throws IOException {
        Path input = Path.of(args[0]);
        BuildTimeInitialization check = new BuildTimeInitialization();
        List<Path> jars;
        try (Stream<Path> files = Files.walk(input)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        Map<String, byte[]> resources = new TreeMap<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile(), false, JarFile.OPEN_READ, Runtime.version())) {
                for (JarEntry entry : file.versionedStream().toList()) {
                    String name = entry.getName();
                    if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                        ClassModel model = ClassFile.of().parse(file.getInputStream(entry).readAllBytes());
                        check.classes.putIfAbsent(model.thisClass().asInternalName(), model);
                    } else if (name.endsWith("execution.interceptors") || name.startsWith("META-INF/native-image/")) {
                        resources.put(name, file.getInputStream(entry).readAllBytes());
                    }
                }
            }
        }
        Set<String> runTime = check.runTimeInitialized(args.length > 1 ? args[1] : "");
        List<String> problems = new ArrayList<>();
        Map<String, String> found = check.hazardsOfStaticInitializers();
        found.forEach((type, path) -> {
            boolean deferred = isRunTime(type, runTime);
            System.out.printf("%s %s: %s%n", deferred ? "run time" : "BUILD TIME", type.replace('/', '.'), path);
            if (!deferred) {
                problems.add(type.replace('/', '.'));
            }
        });
        int interceptors = 0;
        String reflection = new String(resources.getOrDefault("META-INF/native-image/reflect-config.json", new byte[0]), StandardCharsets.UTF_8);
        String included = new String(resources.getOrDefault("META-INF/native-image/resource-config.json", new byte[0]), StandardCharsets.UTF_8);
        for (var file : resources.entrySet()) {
            if (!file.getKey().endsWith("execution.interceptors")) {
                continue;
            }
            if (!included.contains(file.getKey())) {
                problems.add(file.getKey() + " (not included as a resource)");
            }
            for (String line : new String(file.getValue(), StandardCharsets.UTF_8).lines().map(String::strip).toList()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    interceptors++;
                    if (!reflection.contains("\"" + line + "\"")) {
                        problems.add(line + " (named by " + file.getKey() + ", not registered for reflection)");
                    }
                }
            }
        }
        System.out.printf("%d classes; %d hold or make a Random, a thread, a socket or an SSLContext, "
                + "%d of them left to build time; %d execution interceptors named%n", check.classes.size(), found.size(),
                problems.stream().filter(p -> !p.contains(" (")).count(), interceptors);
        if (!problems.isEmpty()) {
            System.err.println("BuildTimeInitialization: initialise at run time, or register: " + problems);
            System.exit(1);
        }
    }

    /** What Quarkus' generated Feature and native-image's command line leave to run time. */
    private Set<String> runTimeInitialized(String commandLine) {
        Set<String> runTime = new HashSet<>();
        Matcher argument = RUN_TIME_ARGUMENT.matcher(commandLine);
        while (argument.find()) {
            for (String name : argument.group(1).split(",")) {
                runTime.add(name.replace('.', '/'));
            }
        }
        ClassModel feature = classes.get("io/quarkus/runner/Feature");
        if (feature != null) {
            for (MethodModel method : feature.methods()) {
                List<String> named = new ArrayList<>();
                String last = null;
                for (var element : method.code().map(CodeModel::elementList).orElse(List.of())) {
                    if (element instanceof ConstantInstruction constant && constant.constantValue() instanceof String text) {
                        last = text;
                    } else if (element instanceof InvokeInstruction call) {
                        String target = call.owner().asInternalName() + "." + call.name().stringValue();
                        if (target.equals("java/lang/Class.forName") && last != null) {
                            named.add(last.replace('.', '/'));
                        } else if (target.equals("org/graalvm/nativeimage/hosted/RuntimeClassInitialization.initializeAtRunTime")) {
                            runTime.addAll(named);
                            named.clear();
                        } else if (target.startsWith("org/graalvm/nativeimage/hosted/RuntimeClassInitialization.")) {
                            named.clear();
                        }
                    }
                }
            }
        }
        return runTime;
    }

    private static boolean isRunTime(String type, Set<String> runTime) {
        for (String name = type; ; name = name.substring(0, name.lastIndexOf('/'))) {
            if (runTime.contains(name) || runTime.contains(name.replace('$', '/'))) {
                return true;
            }
            if (name.lastIndexOf('/') < 0) {
                return false;
            }
        }
    }

    /**
     * Each class of the checked libraries that holds a hazard in a field (an instance made at build time would
     * carry it into the image), or whose static initialiser reaches one, with the field or the calls that lead there.
     */
    private Map<String, String> hazardsOfStaticInitializers() {
        Map<String, String> found = new TreeMap<>();
        for (ClassModel model : classes.values()) {
            String type = model.thisClass().asInternalName();
            if (CHECKED.stream().noneMatch(type::startsWith)) {
                continue;
            }
            model.fields().stream().filter(f -> HELD.containsKey(f.fieldType().stringValue())).findFirst()
                    .ifPresent(f -> found.put(type, "field " + f.fieldName().stringValue() + " holds " + HELD.get(f.fieldType().stringValue())));
            model.methods().stream().filter(m -> m.methodName().equalsString("<clinit>")).findFirst()
                    .map(clinit -> search(type + ".<clinit>", clinit))
                    .ifPresent(path -> found.merge(type, path, (held, reached) -> held + "; " + reached));
        }
        return found;
    }

    private record Step(String method, MethodModel model, String path, int depth) {
    }

    /** Breadth first through the calls within the input, to the first hazard; null if none. */
    private String search(String start, MethodModel first) {
        ArrayDeque<Step> queue = new ArrayDeque<>(List.of(new Step(start, first, start, 0)));
        Set<String> seen = new HashSet<>(Set.of(start));
        while (!queue.isEmpty()) {
            Step step = queue.removeFirst();
            for (var element : step.model().code().map(CodeModel::elementList).orElse(List.of())) {
                if (element instanceof NewObjectInstruction created && isThread(created.className().asInternalName())) {
                    return step.path() + " -> new " + created.className().asInternalName().replace('/', '.') + " (a thread)";
                }
                if (!(element instanceof InvokeInstruction call)) {
                    continue;
                }
                String owner = call.owner().asInternalName();
                String name = call.name().stringValue();
                String hazard = owner.equals(EXECUTORS) && name.startsWith("new") ? "a thread pool" : HAZARDS.get(owner + "." + name);
                if (hazard != null) {
                    return step.path() + " -> " + owner.replace('/', '.') + "." + name + " (" + hazard + ")";
                }
                MethodModel target = resolve(owner, name, call.type().stringValue());
                String method = owner + "." + name + call.type().stringValue();
                if (target != null && step.depth() < MAX_DEPTH && seen.add(method)) {
                    queue.addLast(new Step(method, target, step.path() + " -> " + owner.substring(owner.lastIndexOf('/') + 1)
                            + "." + name, step.depth() + 1));
                }
            }
        }
        return null;
    }

    /** The method a call runs, looked up from its owner through its superclasses within the input. */
    private MethodModel resolve(String owner, String name, String descriptor) {
        for (ClassModel model = classes.get(owner); model != null;
                model = model.superclass().map(s -> classes.get(s.asInternalName())).orElse(null)) {
            for (MethodModel method : model.methods()) {
                if (method.methodName().equalsString(name) && method.methodType().equalsString(descriptor)) {
                    return method.code().isPresent() ? method : null;
                }
            }
        }
        return null;
    }

    /** A class of the input that extends Thread, at any depth. */
    private boolean isThread(String type) {
        for (ClassModel model = classes.get(type); model != null;
                model = model.superclass().map(s -> classes.get(s.asInternalName())).orElse(null)) {
            if (model.superclass().map(s -> s.asInternalName().equals("java/lang/Thread")).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
