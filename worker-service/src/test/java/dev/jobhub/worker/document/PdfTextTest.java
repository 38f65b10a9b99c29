package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class PdfTextTest {

    @Test
    void theTextLayerOfEveryPageComesOutInOrder() throws Exception {
        byte[] pdf = pdf("Glaciers carve valleys over millennia.", "Sea ice reflects sunlight back to space.");

        String text = TextNormalizer.normalize(PdfText.extract(pdf));

        assertThat(text).contains("Glaciers carve valleys over millennia.")
                .contains("Sea ice reflects sunlight back to space.");
        assertThat(text.indexOf("Glaciers")).isLessThan(text.indexOf("Sea ice"));
    }

    @Test
    void aPdfWithoutTextLayerIsRefused() throws Exception {
        byte[] pdf = pdf();

        assertThatThrownBy(() -> PdfText.extract(pdf))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageContaining("no text layer");
    }

    @Test
    void aCorruptPdfIsRefused() throws Exception {
        byte[] pdf = pdf("Some text that will be cut off.");
        byte[] truncated = Arrays.copyOf(pdf, 40);

        assertThatThrownBy(() -> PdfText.extract(truncated))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageContaining("not a readable PDF");
    }

    /** A PDF with one page per text (an empty page when no text is given). */
    static byte[] pdf(String... pages) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (pages.length == 0) {
                document.addPage(new PDPage());
            }
            for (String line : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(line);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
