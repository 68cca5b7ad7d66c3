package io.hookline.it;

import io.hookline.support.RecordingReceiver;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger of a fault test: the ids of the events it published (or that a producer was told
 * were accepted) and the receiver paths of the webhooks that want them, checked by identity
 * against what a {@link RecordingReceiver} was sent: every (path, event) pair, no other, and
 * how many arrived more than once.
 */
final class Ledger {

    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    private final List<String> paths;

    Ledger(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    void published(String eventId) {
        assertThat(eventIds.add(eventId)).as("event id %s published once", eventId).isTrue();
    }

    int events() {
        return eventIds.size();
    }

    int expected() {
        return eventIds.size() * paths.size();
    }

    /** How many copies of each expected pair arrived on the ledger's paths; unknown pairs fail. */
    private Map<String, Integer> copies(RecordingReceiver receiver, Map<String, Set<String>> webhookIds) {
        Set<String> expected = new HashSet<>();
        for (String id : eventIds) {
            for (String p : paths) {
                expected.add(p + " " + id);
            }
        }
        Map<String, Integer> copies = new HashMap<>();
        for (RecordingReceiver.Received r : receiver.received()) {
            if (paths.contains(r.path())) {
                String pair = r.path() + " " + r.eventId();
                copies.merge(pair, 1, Integer::sum);
                webhookIds.computeIfAbsent(pair, k -> new HashSet<>()).add(r.webhookId());
            }
        }
        Set<String> lost = new HashSet<>(expected);
        lost.removeAll(copies.keySet());
        Set<String> unknown = new HashSet<>(copies.keySet());
        unknown.removeAll(expected);
        assertThat(lost).as("(path, event) pairs published and never received").isEmpty();
        assertThat(unknown).as("(path, event) pairs received that were never published").isEmpty();
        return copies;
    }

    /** Nothing crashed: every published event reached every path exactly once. */
    void assertEachReceivedOnce(RecordingReceiver receiver) {
        Map<String, Integer> copies = copies(receiver, new HashMap<>());
        Map<String, Integer> repeated = new HashMap<>(copies);
        repeated.values().removeIf(n -> n == 1);
        assertThat(repeated).as("pairs received more than once, with nothing crashed").isEmpty();
    }

    /**
     * A crash may repeat the attempts it cut off: every published event reached every path, at
     * most {@code inFlight} copies were repeats, and each repeat carried its original's webhook-id.
     * Returns the number of repeats.
     */
    int assertEachReceivedRepeatingAtMost(RecordingReceiver receiver, int inFlight) {
        Map<String, Set<String>> webhookIds = new HashMap<>();
        Map<String, Integer> copies = copies(receiver, webhookIds);
        int repeats = copies.values().stream().mapToInt(n -> n - 1).sum();
        assertThat(repeats).as("repeated deliveries, at most the %d attempts in flight at the crash", inFlight)
                .isLessThanOrEqualTo(inFlight);
        Map<String, Set<String>> mixed = new HashMap<>(webhookIds);
        mixed.values().removeIf(s -> s.size() == 1);
        assertThat(mixed).as("pairs whose copies carried different webhook-ids").isEmpty();
        return repeats;
    }
}
