package io.hookline.support;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** The console as a user sees it: what there is to read, type and press, found by labels and roles. */
public final class ConsolePage {

    private final WebDriver driver;
    private final String base;
    private final WebDriverWait wait;

    public ConsolePage(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
        // generous: the machine running the tests may be busy
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        // the page redraws parts of itself every few seconds: an element found a moment ago may be gone
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    public WebDriverWait await() {
        return wait;
    }

    /** Opens the console afresh, with no API key kept in the tab. */
    public void openWithoutKey() {
        driver.get("about:blank");
        driver.get(base + "/console/");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    }

    public void useKey(String key) {
        WebElement input = driver.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(key, Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-set")));
    }

    public void openList(String listId) {
        WebElement input = driver.findElement(By.id("list-id"));
        input.clear();
        input.sendKeys(listId, Keys.ENTER);
        wait.until(d -> heading().getText().contains(listId) || !error().isEmpty());
    }

    public WebElement heading() {
        return driver.findElement(By.cssSelector("#view h2"));
    }

    public String error() {
        return driver.findElement(By.id("error")).getText();
    }

    public String notice() {
        return driver.findElement(By.id("notice")).getText();
    }

    public void awaitNotice(Predicate<String> test) {
        wait.until(d -> test.test(notice()));
    }

    public WebElement button(WebElement scope, String text) {
        return scope.findElement(By.xpath(".//button[normalize-space()='" + text + "']"));
    }

    public WebElement button(String text) {
        return button(driver.findElement(By.tagName("body")), text);
    }

    /** Fills the open webhook form (create or edit) and submits it. */
    public void fillWebhookForm(String url, List<String> events, String description) {
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.webhook-form")));
        WebElement urlInput = form.findElement(By.name("url"));
        urlInput.clear();
        urlInput.sendKeys(url);
        for (WebElement box : form.findElements(By.name("events"))) {
            if (box.isSelected() != events.contains(box.getAttribute("value"))) {
                box.click();
            }
        }
        WebElement text = form.findElement(By.name("description"));
        text.clear();
        text.sendKeys(description);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** The secret panel's value, once it shows. */
    public String shownSecret() {
        WebElement value = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".secret .secret-value")));
        return value.getDomProperty("value");
    }

    public WebElement card(String webhookId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("article.card[data-webhook-id='" + webhookId + "']")));
    }

    public List<WebElement> cards() {
        return driver.findElements(By.cssSelector("article.card"));
    }

    /** The delivery log's row of the delivery of an event, once it is there. */
    public WebElement deliveryRowOfEvent(String eventId) {
        By row = By.xpath("//tr[@data-delivery-id][.//small[normalize-space()='" + eventId + "']]");
        return wait.until(ExpectedConditions.presenceOfElementLocated(row));
    }

    /** Waits until the event's delivery shows the status, refreshed by the page itself. */
    public WebElement awaitDeliveryStatus(String eventId, String status) {
        wait.until(d -> status.equals(deliveryRowOfEvent(eventId).getAttribute("data-status")));
        return deliveryRowOfEvent(eventId);
    }

    /** Presses Tab until the element has the focus (at most {@code limit} times); false if it never does. */
    public boolean tabTo(WebElement target, int limit) {
        for (int i = 0; i < limit; i++) {
            if (target.equals(driver.switchTo().activeElement())) {
                return true;
            }
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        return target.equals(driver.switchTo().activeElement());
    }

    public void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    public WebElement focused() {
        return driver.switchTo().activeElement();
    }
}
