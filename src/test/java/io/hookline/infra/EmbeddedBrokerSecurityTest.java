package io.hookline.infra;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The embedded broker's ports let in only its user, and refuse a frame far over the event limit
 * from its announced size, before the broker reads or holds it.
 */
class EmbeddedBrokerSecurityTest {

    /** Hookline's default event limit. */
    private static final long MAX_EVENT_BYTES = 256 * 1024;
    private static final int OVERSIZED = 16 << 20;

    @TempDir
    Path dataDir;

    private EmbeddedBroker broker;
    private BrokerCredentials user;
    private int openwire;
    private int stomp;

    @BeforeEach
    void start() {
        openwire = freePort();
        stomp = freePort();
        user = BrokerCredentials.configuredOrGenerated("hookline", "", dataDir);
        // memory enough to hold the oversized frame, were it let in
        broker = EmbeddedBroker.start(dataDir, "tcp://127.0.0.1:" + openwire, "stomp://127.0.0.1:" + stomp, user,
                EmbeddedBroker.maxFrameBytes(MAX_EVENT_BYTES), 256L << 20);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void theGeneratedPasswordIsOwnerOnlyAndTheSameAtTheNextStart() throws Exception {
        Path file = dataDir.resolve("broker-password");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).isEqualTo(user.password()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(BrokerCredentials.configuredOrGenerated("hookline", null, dataDir)).isEqualTo(user);
        assertThat(user.toString()).doesNotContain(user.password());
    }

    @Test
    void aStompClientWithoutOrWithWrongCredentialsIsRefused() throws Exception {
        // refused: an ERROR frame, or (when the broker closes first) nothing at all; never CONNECTED
        assertThat(stompConnect(null, null)).doesNotContain("CONNECTED");
        assertThat(stompConnect("hookline", "wrong")).doesNotContain("CONNECTED");
        assertThat(stompConnect("someone", user.password())).doesNotContain("CONNECTED");
        assertThat(stompConnect(user.username(), user.password())).startsWith("CONNECTED");
    }

    @Test
    void anOpenWireConnectionWithoutOrWithWrongCredentialsIsRefused() throws Exception {
        for (String[] login : new String[][] {{null, null}, {"hookline", "wrong"}, {"someone", user.password()}}) {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + openwire);
            factory.setUserName(login[0]);
            factory.setPassword(login[1]);
            assertThatThrownBy(() -> {
                try (Connection c = factory.createConnection()) {
                    c.start();
                    c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                }
            }).as("login %s", login[0]).isInstanceOf(JMSSecurityException.class);
        }
        // nor in-process without the user: Hookline's own connections log in too
        assertThatThrownBy(() -> {
            try (Connection c = new ActiveMQConnectionFactory(broker.vmUrl()).createConnection()) {
                c.start();
            }
        }).isInstanceOf(JMSSecurityException.class);

        sendOverOpenWire(new byte[1024]);
        assertThat(receive()).as("with the user, a message goes through").isNotNull();
    }

    @Test
    void anEventAtTheLimitPassesOverBothProtocols() throws Exception {
        sendOverOpenWire(new byte[(int) MAX_EVENT_BYTES]);
        assertThat(receive()).isNotNull();

        String reply = stompSend("x".repeat((int) MAX_EVENT_BYTES), true);
        assertThat(reply).startsWith("RECEIPT");
        assertThat(receive()).isNotNull();
    }

    @Test
    void aStompFrameOverTheLimitIsRefusedWithoutTheBrokerHoldingIt() throws Exception {
        for (boolean withLength : new boolean[] {true, false}) {
            long before = broker.memoryInUse();

            String reply = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> stompSendOversized(withLength));

            assertThat(reply).as("content-length sent: %s", withLength).doesNotStartWith("RECEIPT");
            assertThat(broker.memoryInUse() - before).as("memory the broker took, content-length sent: %s", withLength)
                    .isLessThan(1 << 20);
            assertThat(receive()).as("nothing enqueued").isNull();
        }
    }

    @Test
    void anOpenWireMessageOverTheLimitIsRefusedWithoutTheBrokerHoldingIt() throws Exception {
        long before = broker.memoryInUse();

        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(() -> sendOverOpenWire(new byte[OVERSIZED])).isInstanceOf(JMSException.class));

        assertThat(broker.memoryInUse() - before).isLessThan(1 << 20);
        assertThat(receive()).as("nothing enqueued").isNull();
    }

    private void sendOverOpenWire(byte[] body) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + openwire);
        factory.setUserName(user.username());
        factory.setPassword(user.password());
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = s.createProducer(s.createQueue("contact.events"));
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(body);
            producer.send(m);
        }
    }

    /** The next message on contact.events, taken in-process as Hookline does, or null. */
    private Message receive() throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.vmUrl());
        factory.setUserName(user.username());
        factory.setPassword(user.password());
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return s.createConsumer(s.createQueue("contact.events")).receive(1_000);
        }
    }

    private String stompConnect(String login, String passcode) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", stomp)) {
            socket.setSoTimeout(10_000);
            write(socket.getOutputStream(), connectFrame(login, passcode));
            return readFrame(socket.getInputStream());
        }
    }

    private String stompSend(String body, boolean withLength) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", stomp)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            write(out, connectFrame(user.username(), user.password()));
            assertThat(readFrame(in)).startsWith("CONNECTED");
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            write(out, "SEND\ndestination:/queue/contact.events\nreceipt:r1\n"
                    + (withLength ? "content-length:" + payload.length + "\n" : "") + "\n");
            out.write(payload);
            out.write(0);
            out.flush();
            return readFrame(in);
        }
    }

    /** Sends a 16 MiB body a block at a time; what the broker answered, or "" if it just closed the connection. */
    private String stompSendOversized(boolean withLength) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", stomp)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            write(out, connectFrame(user.username(), user.password()));
            assertThat(readFrame(in)).startsWith("CONNECTED");
            try {
                write(out, "SEND\ndestination:/queue/contact.events\nreceipt:r1\n"
                        + (withLength ? "content-length:" + OVERSIZED + "\n" : "") + "\n");
                byte[] block = new byte[64 * 1024];
                java.util.Arrays.fill(block, (byte) 'x');
                for (int sent = 0; sent < OVERSIZED; sent += block.length) {
                    out.write(block);
                }
                out.write(0);
                out.flush();
            } catch (IOException refusedMidway) {
                // the broker closed the connection before the frame ended
            }
            try {
                return readFrame(in);
            } catch (IOException closed) {
                return "";
            }
        }
    }

    private static String connectFrame(String login, String passcode) {
        return "CONNECT\naccept-version:1.2\nhost:localhost\n"
                + (login == null ? "" : "login:" + login + "\npasscode:" + passcode + "\n") + "\n\0";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readFrame(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) > 0) {
            sb.append((char) b);
        }
        return sb.toString().trim();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
