package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.Browser;
import io.hookline.support.BrowserAvailable;
import io.hookline.support.ConsolePage;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RecordingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery console in headless Chromium against a running Hookline, its real broker and
 * database and a receiver that can be told to fail: what a support person does with it, from
 * typing the API key to repairing a dead delivery.
 */
@ExtendWith(BrowserAvailable.class)
class ConsoleBrowserIT extends HooklineTestSupport {

    private final RecordingReceiver receiver = new RecordingReceiver();
    private Browser browser;
    private ConsolePage page;

    @Override
    protected void tune(Properties p) {
        // one quick retry, then dead: a failing delivery dies within a second
        p.setProperty("hookline.delivery.retry-schedule", "300ms");
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "1000");
    }

    @BeforeAll
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    void stopBrowserAndReceiver() {
        if (browser != null) {
            browser.close();
        }
        receiver.close();
    }

    @BeforeEach
    void freshPage() {
        receiver.answer(204);
        page = new ConsolePage(browser.driver(), "http://127.0.0.1:" + httpPort());
        browser.driver().manage().window().setSize(new Dimension(1280, 1000));
        page.openWithoutKey();
        browser.consoleErrors(); // start each test with an empty browser log
    }

    @AfterEach
    void pictureOfTheEnd(TestInfo test) {
        browser.screenshot("end-" + test.getTestMethod().orElseThrow().getName());
    }

    private static String list() {
        return "list_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes a contact.subscribed event on the broker, as a producer does; returns its id. */
    private String publish(String list) {
        String id = "evt_" + UUID.randomUUID().toString().substring(0, 12);
        broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
        return id;
    }

    private void acceptConfirm() {
        page.await().until(ExpectedConditions.alertIsPresent()).accept();
    }

    @Test
    void aDeadDeliveryIsRepairedFromThePage() {
        receiver.answer(500);
        String list = list();
        page.useKey(API_KEY);
        page.openList(list);
        assertThat(page.heading().getText()).isEqualTo("Webhooks of list " + list);

        page.button("New webhook").click();
        page.fillWebhookForm(receiver.url("/hooks"), List.of("contact.subscribed", "contact.unsubscribed"), "CRM sync");
        String secret = page.shownSecret();
        assertThat(secret).startsWith("whsec_");
        browser.screenshot("01-webhook-created-secret-shown");
        page.button("Copy").click();
        page.awaitNotice(text -> text.contains("copied") || text.contains("selected"));
        page.button(browser.driver().findElement(By.cssSelector(".secret")), "Done").click();
        assertThat(browser.driver().findElements(By.cssSelector(".secret"))).as("the secret is shown once").isEmpty();

        WebElement card = page.cards().get(0);
        String webhookId = card.getAttribute("data-webhook-id");
        JsonNode created = api.get("/api/webhooks/" + webhookId).json();
        assertThat(created.get("description").asText()).isEqualTo("CRM sync");
        assertThat(created.get("events")).hasSize(2);
        assertThat(api.get("/api/webhooks/" + webhookId + "/secret").json().get("secret").asText()).isEqualTo(secret);
        assertThat(card.getText()).contains(receiver.url("/hooks"), "enabled", "contact.subscribed, contact.unsubscribed", "none yet");

        card.findElement(By.linkText("Delivery log")).click();
        page.await().until(d -> page.heading().getText().contains(webhookId));

        // an event the receiver refuses: retried once, then dead, and the page shows it without a reload
        String failedEvent = publish(list);
        WebElement dead = page.awaitDeliveryStatus(failedEvent, "dead");
        assertThat(dead.getText()).contains("HTTP 500", "contact.subscribed");
        dead.findElement(By.cssSelector("button[data-action=attempts]")).click();
        WebElement attempts = page.await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr.details table.attempts")));
        assertThat(attempts.findElements(By.cssSelector(":scope > tbody > tr"))).hasSize(2);
        assertThat(attempts.getText()).contains("500");
        page.await().until(d -> page.card(webhookId).findElement(By.cssSelector(".legend-count[data-outcome=dead]")).getText().equals("1"));
        assertThat(page.card(webhookId).findElement(By.cssSelector(".streak")).getText()).startsWith("failing since");
        browser.screenshotWholePage("02-dead-delivery-with-attempts");

        // the receiver is fixed: new deliveries appear as they succeed
        receiver.answer(204);
        String laterEvent = publish(list);
        page.awaitDeliveryStatus(laterEvent, "succeeded");

        // and the dead one is repaired with one press
        String deadId = page.deliveryRowOfEvent(failedEvent).getAttribute("data-delivery-id");
        page.deliveryRowOfEvent(failedEvent).findElement(By.cssSelector("button[data-action=retry]")).click();
        page.awaitDeliveryStatus(failedEvent, "succeeded");
        page.awaitNotice(text -> text.equals("Delivery " + deadId + " succeeded."));
        // its open attempts follow: the third one, a 204
        page.await().until(d -> d.findElements(By.cssSelector("tr.details:not([hidden]) table.attempts > tbody > tr")).size() == 3);
        WebElement legend = page.card(webhookId).findElement(By.cssSelector(".legend"));
        page.await().until(d -> legend.getText().contains("2 succeeded") && legend.getText().contains("0 dead"));
        assertThat(receiver.received()).anySatisfy(r -> {
            assertThat(r.eventId()).isEqualTo(failedEvent);
            assertThat(r.webhookId()).isEqualTo(deadId);
        });
        assertThat(api.delivery(deadId).get("status").asText()).isEqualTo("succeeded");
        browser.screenshotWholePage("03-dead-delivery-repaired");
        assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
    }

    @Test
    void aWrongApiKeyShowsTheProblemTitleInsteadOfABlankPage() {
        page.useKey("not-the-key");
        page.openList(list());
        page.await().until(d -> page.error().startsWith("Unauthorized"));
        assertThat(page.error()).contains("a valid API key is required");
        assertThat(browser.driver().findElement(By.id("view")).getText()).contains("could not be loaded: Unauthorized");
        browser.screenshot("04-wrong-api-key");
        // with the right key the same list opens
        page.button("Forget key").click();
        page.useKey(API_KEY);
        page.await().until(d -> page.error().isEmpty() && page.heading().getText().startsWith("Webhooks of list"));
    }

    @Test
    void theMainFlowWorksWithTheKeyboardAlone() {
        receiver.answer(500);
        String list = list();
        // the page puts the focus into the key field at once
        assertThat(page.focused().getAttribute("id")).isEqualTo("api-key");
        page.press(API_KEY, Keys.ENTER);
        assertThat(page.focused().getAttribute("id")).as("after the key: the list field").isEqualTo("list-id");
        page.press(list, Keys.ENTER);
        page.await().until(d -> page.heading().getText().contains(list));
        assertThat(page.focused()).as("a new view focuses its heading").isEqualTo(page.heading());

        assertThat(page.tabTo(page.button("New webhook"), 10)).isTrue();
        page.press(Keys.ENTER);
        assertThat(page.focused().getAttribute("name")).isEqualTo("url");
        page.press(receiver.url("/keys"));
        // contact.subscribed is ticked already; tick contact.cleaned too with the space bar
        WebElement cleaned = browser.driver().findElement(By.cssSelector("input[name=events][value='contact.cleaned']"));
        assertThat(page.tabTo(cleaned, 10)).isTrue();
        page.press(Keys.SPACE);
        assertThat(page.tabTo(page.button("Create webhook"), 10)).isTrue();
        page.press(Keys.ENTER);
        page.shownSecret();
        assertThat(page.focused().getAttribute("class")).as("the new secret has the focus").contains("secret-value");
        assertThat(page.tabTo(page.button("Done"), 5)).isTrue();
        page.press(Keys.ENTER);

        String webhookId = page.cards().get(0).getAttribute("data-webhook-id");
        assertThat(api.get("/api/webhooks/" + webhookId).json().get("events").toString()).contains("contact.cleaned");
        assertThat(page.tabTo(page.card(webhookId).findElement(By.linkText("Delivery log")), 10)).isTrue();
        page.press(Keys.ENTER);
        page.await().until(d -> page.heading().getText().contains(webhookId));

        String event = publish(list);
        page.awaitDeliveryStatus(event, "dead");
        receiver.answer(204);
        WebElement retry = page.deliveryRowOfEvent(event).findElement(By.cssSelector("button[data-action=retry]"));
        assertThat(page.tabTo(retry, 40)).as("the retry button is reachable with Tab").isTrue();
        page.press(Keys.ENTER);
        page.awaitDeliveryStatus(event, "succeeded");
        assertThat(page.focused()).as("refreshing the log leaves the focus where it was").isEqualTo(retry);
        browser.screenshot("05-keyboard-only");
    }

    @Test
    void aWebhookIsEditedDisabledTestedRotatedRecoveredAndDeleted() {
        String list = list();
        JsonNode created = api.createWebhook(list, receiver.url("/manage"), List.of("contact.subscribed"));
        String webhookId = created.get("id").asText();
        page.useKey(API_KEY);
        page.openList(list);
        WebElement card = page.card(webhookId);

        // edit: events, URL and description
        page.button(card, "Edit").click();
        page.fillWebhookForm(receiver.url("/manage2"), List.of("contact.unsubscribed", "contact.cleaned"), "changed");
        page.awaitNotice(text -> text.equals("Webhook saved."));
        JsonNode changed = api.get("/api/webhooks/" + webhookId).json();
        assertThat(changed.get("url").asText()).isEqualTo(receiver.url("/manage2"));
        assertThat(changed.get("events").toString()).isEqualTo("[\"contact.unsubscribed\",\"contact.cleaned\"]");
        assertThat(changed.get("description").asText()).isEqualTo("changed");
        assertThat(card.getText()).contains(receiver.url("/manage2"), "contact.unsubscribed, contact.cleaned");

        // disable and enable again
        page.button(card, "Disable").click();
        page.await().until(d -> card.findElement(By.cssSelector(".state")).getText().startsWith("disabled"));
        assertThat(api.get("/api/webhooks/" + webhookId).json().get("enabled").asBoolean()).isFalse();
        page.button(card, "Enable").click();
        page.await().until(d -> card.findElement(By.cssSelector(".state")).getText().equals("enabled"));

        // a test event goes out through the normal path
        page.button(card, "Send test event").click();
        page.awaitNotice(text -> text.startsWith("Test event sent as delivery msg_"));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream().anyMatch(r -> r.path().equals("/manage2")));

        // a rotated secret is shown once
        page.button(card, "Rotate secret").click();
        acceptConfirm();
        String rotated = page.shownSecret();
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(created.get("secret").asText());
        assertThat(api.get("/api/webhooks/" + webhookId + "/secret").json().get("secret").asText()).isEqualTo(rotated);
        assertThat(card.findElement(By.cssSelector(".secret")).getText()).contains("previous secret keeps signing until");
        page.button(card.findElement(By.cssSelector(".secret")), "Done").click();

        // recover: deliveries that died while the receiver was down go out again
        receiver.answer(500);
        card.findElement(By.linkText("Delivery log")).click();
        page.await().until(d -> page.heading().getText().contains(webhookId));
        String e1 = publishUnsubscribe(list);
        String e2 = publishUnsubscribe(list);
        page.awaitDeliveryStatus(e1, "dead");
        page.awaitDeliveryStatus(e2, "dead");
        receiver.answer(204);
        page.button("Recover").click();
        page.awaitNotice(text -> text.startsWith("2 failed deliveries since"));
        page.awaitDeliveryStatus(e1, "succeeded");
        page.awaitDeliveryStatus(e2, "succeeded");

        // the filter shows one status
        Select filter = new Select(browser.driver().findElement(By.name("status")));
        filter.selectByValue("dead");
        page.await().until(d -> d.findElement(By.cssSelector(".log .empty")).isDisplayed());
        filter.selectByValue("succeeded");
        page.await().until(d -> d.findElements(By.cssSelector("tr[data-delivery-id]")).size() == 3
                && d.findElements(By.cssSelector("tr[data-status=succeeded]")).size() == 3);

        // delete, after confirming
        page.button("Delete").click();
        acceptConfirm();
        page.await().until(d -> page.heading().getText().equals("Webhooks of list " + list));
        page.await().until(d -> page.cards().isEmpty());
        assertThat(api.get("/api/webhooks/" + webhookId).status()).isEqualTo(404);
    }

    private String publishUnsubscribe(String list) {
        String id = "evt_" + UUID.randomUUID().toString().substring(0, 12);
        broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.unsubscribed", list, ""));
        return id;
    }

    @Test
    void onANarrowScreenNothingScrollsSideways() {
        String list = list();
        String webhookId = api.createWebhook(list, receiver.url("/narrow"), List.of("contact.subscribed")).get("id").asText();
        String event = publish(list);
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        page.useKey(API_KEY);
        page.openList(list);
        page.card(webhookId).findElement(By.linkText("Delivery log")).click();
        page.awaitDeliveryStatus(event, "succeeded").findElement(By.cssSelector("button[data-action=attempts]")).click();
        page.await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr.details table.attempts")));
        JavascriptExecutor js = browser.driver();
        long overflow = (Long) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).as("horizontal overflow in px").isLessThanOrEqualTo(0);
        browser.screenshot("06-narrow-screen");
    }
}
