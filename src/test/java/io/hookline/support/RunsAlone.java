package io.hookline.support;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that asserts how fast something happens: surefire runs the rest of the suite two
 * classes at a time (one per JVM), where a neighbour loading both cores would make the latency
 * that neighbour's, not Hookline's, so these run afterwards, one at a time (the pom's
 * {@code runs-alone} execution).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("runs-alone")
public @interface RunsAlone {
}
