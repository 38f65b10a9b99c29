package dev.jobhub.worker.document;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text layer of a PDF, page by page in reading order. A PDF that does not parse, is encrypted, or has no text
 * layer (a scan) is refused with a message a user can act on; OCR is not attempted.
 */
final class PdfText {

    static String extract(byte[] pdf) throws UnreadableDocumentException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(document);
            if (text.isBlank()) {
                throw new UnreadableDocumentException("the PDF has " + document.getNumberOfPages()
                        + " page(s) but no text layer (a scanned document?); OCR is not supported");
            }
            return text;
        } catch (InvalidPasswordException e) {
            throw new UnreadableDocumentException("the PDF is encrypted with a password");
        } catch (IOException e) {
            throw new UnreadableDocumentException("the file is not a readable PDF (corrupt or truncated)");
        }
    }

    private PdfText() {
    }
}
