package dev.jobhub.api.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.support.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DocumentTypeDetectorTest {

    private static String detect(String text, String name, String declared) {
        return DocumentTypeDetector.detect(text.getBytes(StandardCharsets.UTF_8), name, declared);
    }

    private static int statusOf(byte[] bytes, String name) {
        try {
            DocumentTypeDetector.detect(bytes, name, null);
        } catch (ProblemException e) {
            return e.problem().status();
        }
        return 200;
    }

    @Test
    void aPdfIsKnownByItsMagicWhateverItsName() {
        byte[] pdf = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DocumentTypeDetector.detect(pdf, "notes.txt", "text/plain")).isEqualTo(DocumentTypeDetector.PDF);
        // "%PDF" without the dash, or later in the file, is text
        assertThat(detect("about %PDF-1.4 files", "a.pdf", "application/pdf")).isEqualTo(DocumentTypeDetector.PLAIN);
    }

    @Test
    void binaryGarbageIs415WhateverItIsCalled() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        assertThat(statusOf(garbage, "notes.txt")).isEqualTo(415);
        // valid UTF-8 with a NUL
        assertThat(statusOf("hello\0world".getBytes(StandardCharsets.UTF_8), "a.md")).isEqualTo(415);
        // Latin-1, not UTF-8
        assertThat(statusOf("caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1), "a.txt")).isEqualTo(415);
        // many control characters
        assertThat(statusOf("a\u0001b\u0002c\u0003d\u0004".getBytes(StandardCharsets.UTF_8), "a.txt"))
                .isEqualTo(415);
        assertThatThrownBy(() -> DocumentTypeDetector.detect(garbage, "x.txt", null))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("unsupported content")
                .hasMessageContaining("text, Markdown, HTML or PDF");
    }

    @Test
    void tabsFormFeedsCrLfAndABomAreFineInText() {
        assertThat(detect("\uFEFFcol1\tcol2\r\nnext page\f\nend", "data.txt", null))
                .isEqualTo(DocumentTypeDetector.PLAIN);
        // one stray control character in a long text is tolerated
        assertThat(detect("x".repeat(5000) + "\u001b" + "y".repeat(5000), "log.txt", null))
                .isEqualTo(DocumentTypeDetector.PLAIN);
    }

    @Test
    void utf16WithAByteOrderMarkIsTextAsTheWorkerReadsIt() {
        String text = "UTF-16 text, \u00e9t\u00e9 compris.\n";
        byte[] little = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        byte[] big = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE));
        assertThat(DocumentTypeDetector.detect(little, "notes.txt", null)).isEqualTo(DocumentTypeDetector.PLAIN);
        assertThat(DocumentTypeDetector.detect(big, "notes.txt", null)).isEqualTo(DocumentTypeDetector.PLAIN);
        // without the mark, UTF-16 is not UTF-8: 415 as before
        assertThat(statusOf(text.getBytes(StandardCharsets.UTF_16LE), "notes.txt")).isEqualTo(415);
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void emptyOrInvisibleTextIs400NamingFile() {
        for (byte[] bytes : new byte[][] {new byte[0], " \n\t\r\n".getBytes(StandardCharsets.UTF_8),
                "\uFEFF\u200B \u00a0\n".getBytes(StandardCharsets.UTF_8)}) {
            assertThatThrownBy(() -> DocumentTypeDetector.detect(bytes, "a.txt", null))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(400);
                        assertThat(e.problem().errors()).singleElement()
                                .satisfies(error -> assertThat(error.field()).isEqualTo("file"));
                    });
        }
    }

    @Test
    void htmlByItsStartOrByTagsWithAnHtmlNameOrType() {
        assertThat(detect("<!DOCTYPE html><title>x</title>", "page.txt", null)).isEqualTo(DocumentTypeDetector.HTML);
        assertThat(detect("\uFEFF  <!-- generated -->\n<html lang=en><body>hi</body></html>", "x", null))
                .isEqualTo(DocumentTypeDetector.HTML);
        assertThat(detect("<p>Hello <b>world</b></p>", "frag.htm", null)).isEqualTo(DocumentTypeDetector.HTML);
        assertThat(detect("<p>Hello</p>", "frag", "text/html; charset=utf-8")).isEqualTo(DocumentTypeDetector.HTML);
        // tags alone, without an HTML name or type, do not make a text HTML
        assertThat(detect("Use <p> for paragraphs", "notes.txt", null)).isEqualTo(DocumentTypeDetector.PLAIN);
        // an HTML name on text without tags is text
        assertThat(detect("just words", "page.html", null)).isEqualTo(DocumentTypeDetector.PLAIN);
    }

    @Test
    void markdownByNameTypeOrStructure() {
        assertThat(detect("plain words", "readme.md", null)).isEqualTo(DocumentTypeDetector.MARKDOWN);
        assertThat(detect("plain words", "x.markdown", null)).isEqualTo(DocumentTypeDetector.MARKDOWN);
        assertThat(detect("plain words", "x", "text/markdown")).isEqualTo(DocumentTypeDetector.MARKDOWN);
        assertThat(detect("# Title\n\nSome text with a [link](https://example.com).\n", "notes.txt", null))
                .isEqualTo(DocumentTypeDetector.MARKDOWN);
        assertThat(detect("Intro\n```java\nint x;\n```\n", "x", null)).isEqualTo(DocumentTypeDetector.MARKDOWN);
        // one heading-like line alone is not enough
        assertThat(detect("# not really a heading\nplain text", "x", null)).isEqualTo(DocumentTypeDetector.PLAIN);
        assertThat(detect("#hashtag and [brackets] (here)", "x", null)).isEqualTo(DocumentTypeDetector.PLAIN);
    }
}
