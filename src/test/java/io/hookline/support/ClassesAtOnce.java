package io.hookline.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Registered for every test class (junit-platform.properties turns on extension autodetection):
 * the test JVMs surefire runs side by side share a readers-writer lock on a file, held from before
 * a class's first instance to after its last test. A class holds it shared, so classes run two at
 * a time; a {@link RunsAlone} class holds it exclusively, so it runs with nothing beside it. A
 * second file is a turnstile taken briefly before either: a {@link RunsAlone} class waiting for
 * the lock keeps new classes from taking it shared meanwhile, so it waits for the running class
 * only, never for a stream of them.
 */
public final class ClassesAtOnce implements TestInstancePreConstructCallback, AfterAllCallback {

    private static final Path DIR = Path.of("target");
    private static FileChannel lockFile;
    private static FileChannel turnstileFile;
    private static FileLock held;           // this JVM runs one class at a time: one lock at most
    private static String holder;           // the top-level class holding it

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        Class<?> top = factoryContext.getTestClass();
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        acquire(top.getName(), top.isAnnotationPresent(RunsAlone.class));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getEnclosingClass() == null) {
            release(context.getRequiredTestClass().getName());
        }
    }

    private static synchronized void acquire(String testClass, boolean alone) {
        if (testClass.equals(holder)) {
            return; // a later instance of the class that holds it (per-method lifecycle, @Nested)
        }
        if (held != null) {
            release(holder); // its afterAll never came (a class-level failure): the next class goes on
        }
        try {
            if (lockFile == null) {
                Files.createDirectories(DIR);
                lockFile = FileChannel.open(DIR.resolve("classes-at-once.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                turnstileFile = FileChannel.open(DIR.resolve("classes-at-once.turnstile"),
                        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            try (FileLock turnstile = turnstileFile.lock()) {
                held = lockFile.lock(0, Long.MAX_VALUE, !alone);
            }
            holder = testClass;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lock that spaces test classes", e);
        }
    }

    private static synchronized void release(String testClass) {
        if (held == null || !testClass.equals(holder)) {
            return;
        }
        try {
            held.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            held = null;
            holder = null;
        }
    }
}
