package io.hookline.support;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Publishes to and reads from the test broker, as a producer or an operator would. */
public final class Broker {

    private final ActiveMQConnectionFactory factory;

    public Broker(String url) {
        this(url, null, null);
    }

    /** With the broker's user, as a producer of the embedded broker logs in. */
    public Broker(String url, String username, String password) {
        this.factory = new ActiveMQConnectionFactory(url);
        // without a user here, the one in the URL (?jms.userName=...) if any: a null would erase it
        if (username != null) {
            this.factory.setUserName(username);
            this.factory.setPassword(password);
        }
        this.factory.setTrustedPackages(java.util.List.of("java.lang", "java.util"));
    }

    public void sendText(String queue, String text) {
        send(queue, s -> s.createTextMessage(text));
    }

    public void sendBytes(String queue, byte[] bytes) {
        send(queue, s -> {
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(bytes);
            return m;
        });
    }

    public void sendMap(String queue, Map<String, String> values) {
        send(queue, s -> {
            MapMessage m = s.createMapMessage();
            for (var e : values.entrySet()) {
                m.setString(e.getKey(), e.getValue());
            }
            return m;
        });
    }

    public interface MessageMaker {
        Message make(Session session) throws JMSException;
    }

    private Connection sendConnection;
    private Session sendSession;
    private MessageProducer producer;

    /** Sends on one long-lived connection, as a real producer does. */
    public synchronized void send(String queue, MessageMaker maker) {
        try {
            if (sendConnection == null) {
                sendConnection = factory.createConnection();
                sendSession = sendConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = sendSession.createProducer(null);
            }
            producer.send(sendSession.createQueue(queue), maker.make(sendSession));
        } catch (JMSException e) {
            close();
            throw new IllegalStateException(e);
        }
    }

    public synchronized void close() {
        if (sendConnection != null) {
            try {
                sendConnection.close();
            } catch (JMSException ignored) {
                // already gone
            }
            sendConnection = null;
        }
    }

    /** Takes the next message of a queue, or null after the timeout. */
    public Message receive(String queue, long timeoutMs) {
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            return consumer.receive(timeoutMs);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(Message m) {
        try {
            if (m instanceof TextMessage t) {
                return t.getText();
            }
            if (m instanceof BytesMessage b) {
                byte[] bytes = new byte[(int) b.getBodyLength()];
                b.readBytes(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            return String.valueOf(m);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes one message over STOMP, as a producer without a JMS client would. */
    public static void sendStomp(int port, String queue, String body) {
        stomp(port, null, null, queue, body, "");
    }

    /** Publishes one message over STOMP, logging in as {@code login} (none when null). */
    public static void sendStomp(int port, String login, String passcode, String queue, String body) {
        stomp(port, login, passcode, queue, body, "");
    }

    /**
     * Publishes one persistent message over STOMP and returns once the broker's RECEIPT says it
     * is stored: what a producer must wait for before it counts the event as accepted.
     */
    public static void sendStompPersistent(int port, String queue, String body) {
        stomp(port, null, null, queue, body, "persistent:true\n");
    }

    /** The same, logging in as {@code login}. */
    public static void sendStompPersistent(int port, String login, String passcode, String queue, String body) {
        stomp(port, login, passcode, queue, body, "persistent:true\n");
    }

    private static void stomp(int port, String login, String passcode, String queue, String body, String extraHeaders) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String credentials = login == null ? "" : "login:" + login + "\npasscode:" + passcode + "\n";
            out.write(("CONNECT\naccept-version:1.2\nhost:localhost\n" + credentials + "\n\0").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String connected = readFrame(in);
            if (!connected.startsWith("CONNECTED")) {
                throw new IllegalStateException("STOMP login refused: " + connected);
            }
            String headers = "SEND\ndestination:/queue/" + queue + "\ncontent-type:application/json\n" + extraHeaders
                    + "content-length:" + payload.length + "\nreceipt:r1\n\n";
            out.write(headers.getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.write(0);
            out.flush();
            String receipt = readFrame(in);
            if (!receipt.startsWith("RECEIPT")) {
                throw new IllegalStateException("STOMP send not confirmed: " + receipt);
            }
            out.write("DISCONNECT\n\n\0".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readFrame(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) > 0) {
            sb.append((char) b);
        }
        return sb.toString().trim();
    }
}
