package dev.tally.processor.graal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * Every native-image substitution still has its target in the libraries on the class path: an upgrade
 * that renames or removes one fails here, not in a user's native build.
 */
class NativeSubstitutionsTest {

    @Test
    void everySubstitutedMethodExistsInItsTargetClass() throws Exception {
        List<Class<?>> substitutions = substitutions();
        assertFalse(substitutions.isEmpty());
        for (Class<?> substitution : substitutions) {
            Class<?> target = Class.forName(substitution.getAnnotation(TargetClass.class).className(), false,
                    getClass().getClassLoader());
            for (Method method : substitution.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Substitute.class)) {
                    continue;
                }
                Method original = target.getDeclaredMethod(method.getName(), method.getParameterTypes());
                assertEquals(method.getReturnType(), original.getReturnType(), original::toString);
                assertEquals(Modifier.isStatic(method.getModifiers()), Modifier.isStatic(original.getModifiers()), original::toString);
            }
        }
    }

    /** The classes of this package that name a target class. */
    private static List<Class<?>> substitutions() throws Exception {
        Path here = Path.of(Target_ChecksumProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(NativeSubstitutionsTest.class.getPackageName().replace('.', '/'));
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(here)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString();
                Class<?> type = Class.forName(NativeSubstitutionsTest.class.getPackageName() + "."
                        + name.substring(0, name.length() - ".class".length()));
                if (type.isAnnotationPresent(TargetClass.class)) {
                    found.add(type);
                }
            }
        }
        return found;
    }
}
