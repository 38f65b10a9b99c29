package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DocumentTextTest {

    @Test
    void plainTextIsUtf8WithoutItsByteOrderMark() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "Ångström, naïve café.".getBytes(StandardCharsets.UTF_8);

        assertThat(DocumentText.extract("text/plain; charset=utf-8", concat(bom, text)))
                .isEqualTo("Ångström, naïve café.");
    }

    @Test
    void utf16WithAByteOrderMarkAndLegacyLatinTextAreRead() throws Exception {
        byte[] utf16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "Sea ice reflects sunlight.".getBytes(StandardCharsets.UTF_16LE));
        byte[] latin = "Crème brûlée à la façon d’été.".getBytes(Charset.forName("windows-1252"));

        assertThat(DocumentText.extract("text/plain", utf16)).isEqualTo("Sea ice reflects sunlight.");
        assertThat(DocumentText.extract("text/plain", latin)).isEqualTo("Crème brûlée à la façon d’été.");
    }

    @Test
    void aReplacementCharacterTheFileEncodesDoesNotMakeItLegacyText() {
        String text = "Ångström wrote \uFFFD where a glyph was lost.";

        assertThat(PlainText.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void binaryGarbageIsRefusedWhateverItsLabel() {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);

        assertThatThrownBy(() -> DocumentText.extract("text/plain", garbage))
                .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("not readable text");
        assertThatThrownBy(() -> DocumentText.extract("text/markdown", garbage))
                .isInstanceOf(UnreadableDocumentException.class);
    }

    @Test
    void aFewStrayCharactersDoNotRefuseARealText() throws Exception {
        String text = "Glaciers carve valleys over millennia. ".repeat(20) + "\u0000\uFFFD";

        assertThat(DocumentText.extract("text/plain", text.getBytes(StandardCharsets.UTF_8)))
                .startsWith("Glaciers carve").doesNotContain("\u0000");
    }

    @Test
    void whitespaceOnlyGivesNoText() throws Exception {
        assertThat(DocumentText.extract("text/plain", " \n\t\r\n  ".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(DocumentText.extract("text/html", "<p>  </p><script>x()</script>".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void typesAreDispatchedAndUnknownOnesRefused() throws Exception {
        assertThat(DocumentText.extract("TEXT/HTML", "<p>Hi <b>there</b></p>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Hi there");
        assertThat(DocumentText.extract("text/markdown", "## Hi **there**".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Hi there");
        assertThat(DocumentText.extract("application/pdf", PdfTextTest.pdf("Hi there."))).isEqualTo("Hi there.");
        assertThatThrownBy(() -> DocumentText.extract("image/png", new byte[] {1, 2, 3}))
                .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("image/png");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
