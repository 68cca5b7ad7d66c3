package io.hookline.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * Registered for every test class (junit-platform.properties turns on extension autodetection):
 * tells {@link SharedInfra} which class is about to run, before its instance (and the Hookline a
 * {@link HooklineTestSupport} configures from its constructor) exists.
 */
public final class PerClassInfra implements TestInstancePreConstructCallback {

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        Class<?> top = factoryContext.getTestClass();
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass(); // a @Nested class shares its outer class's database
        }
        SharedInfra.enterClass(top.getName());
    }
}
