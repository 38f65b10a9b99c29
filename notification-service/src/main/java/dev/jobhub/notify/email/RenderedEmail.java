package dev.jobhub.notify.email;

/** A subject and both bodies, ready for an {@link EmailMessage}. */
public record RenderedEmail(String subject, String text, String html) {
}
