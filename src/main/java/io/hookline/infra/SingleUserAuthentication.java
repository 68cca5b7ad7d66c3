package io.hookline.infra;

import org.apache.activemq.broker.Broker;
import org.apache.activemq.broker.BrokerFilter;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.ConnectionContext;
import org.apache.activemq.command.ConnectionInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a connection, over any transport (OpenWire, STOMP, in-VM), in only with the embedded broker's
 * one user and password; anonymous and wrong logins are refused before any session, producer or
 * consumer exists. The client sees a security exception (OpenWire) or an ERROR frame (STOMP).
 */
final class SingleUserAuthentication implements BrokerPlugin {

    private final byte[] username;
    private final byte[] password;

    SingleUserAuthentication(BrokerCredentials user) {
        this.username = user.username().getBytes(StandardCharsets.UTF_8);
        this.password = user.password().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Broker installPlugin(Broker next) {
        return new BrokerFilter(next) {
            @Override
            public void addConnection(ConnectionContext context, ConnectionInfo info) throws Exception {
                if (!matches(info.getUserName(), info.getPassword())) {
                    // the wording ActiveMQ's own authentication uses; the password is never echoed
                    throw new SecurityException("User name [" + printable(info.getUserName()) + "] or password is invalid.");
                }
                super.addConnection(context, info);
            }
        };
    }

    boolean matches(String presentedUser, String presentedPassword) {
        if (presentedUser == null || presentedPassword == null) {
            return false;
        }
        // both compared in full, in constant time
        boolean user = MessageDigest.isEqual(username, presentedUser.getBytes(StandardCharsets.UTF_8));
        boolean pass = MessageDigest.isEqual(password, presentedPassword.getBytes(StandardCharsets.UTF_8));
        return user & pass;
    }

    /** A login name as logged by the broker: short, without control characters. */
    private static String printable(String name) {
        if (name == null) {
            return "null";
        }
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
