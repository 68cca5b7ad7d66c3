package io.hookline.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that asserts how fast something happens runs with no other test class beside it:
 * surefire runs two classes at a time (one per JVM), and a neighbour loading both cores would
 * make its latency that neighbour's, not Hookline's. See {@link ClassesAtOnce}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface RunsAlone {
}
