package dev.jobhub.worker.document;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits normalised text into chunks of at most {@code size} characters on sentence boundaries (and paragraph
 * breaks), each chunk starting with the last sentences of the one before (up to {@code overlap} characters), so a
 * thought cut by a boundary is still whole in one chunk. A sentence longer than a chunk is cut at the last space
 * before the limit (or hard, for a run without spaces), its pieces overlapping by {@code overlap} characters.
 */
final class TextChunker {

    /** One chunk: its position in the document, its text, and where it starts in the normalised text. */
    record Chunk(int index, String text, int start) {

        /** Where it ends in the normalised text (exclusive): the chunk is {@code text.substring(start, end)}. */
        int end() {
            return start + text.length();
        }
    }

    private final int size;
    private final int overlap;

    TextChunker(int size, int overlap) {
        if (size < 1 || overlap < 0 || overlap >= size) {
            throw new IllegalArgumentException("need 0 <= overlap < size, got size " + size + ", overlap " + overlap);
        }
        this.size = size;
        this.overlap = overlap;
    }

    List<Chunk> chunk(String text) {
        List<Chunk> chunks = new ArrayList<>();
        List<int[]> window = new ArrayList<>();
        boolean windowHasNew = false;
        for (int[] sentence : sentences(text)) {
            if (!window.isEmpty() && sentence[1] - window.get(0)[0] > size) {
                if (windowHasNew) {
                    emit(text, window, chunks);
                }
                // keep the tail of the window as the overlap of the next chunk
                while (!window.isEmpty() && (sentence[1] - window.get(0)[0] > size
                        || window.get(window.size() - 1)[1] - window.get(0)[0] > overlap)) {
                    window.remove(0);
                }
                windowHasNew = false;
            }
            window.add(sentence);
            windowHasNew = true;
        }
        if (windowHasNew) {
            emit(text, window, chunks);
        }
        return chunks;
    }

    private static void emit(String text, List<int[]> window, List<Chunk> chunks) {
        int start = window.get(0)[0];
        int end = window.get(window.size() - 1)[1];
        // the stored span must be exactly the chunk's text: skip the whitespace strip() takes off the front
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        String chunk = text.substring(start, end).strip();
        if (!chunk.isEmpty()) {
            chunks.add(new Chunk(chunks.size(), chunk, start));
        }
    }

    /** Sentence spans {@code [start, end)}; a sentence longer than a chunk comes back in pieces. */
    private List<int[]> sentences(String text) {
        List<int[]> spans = new ArrayList<>();
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(text);
        int start = sentences.first();
        for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
            // a paragraph break ends a sentence too: a heading or list without full stops is not glued to the
            // paragraph after it (a single line break is not one: PDF text breaks its lines mid-sentence)
            int from = start;
            for (int blank = text.indexOf("\n\n", from); blank >= 0 && blank + 2 < end;
                    blank = text.indexOf("\n\n", from)) {
                sentence(text, from, blank + 2, spans);
                from = blank + 2;
            }
            sentence(text, from, end, spans);
        }
        return spans;
    }

    private void sentence(String text, int start, int end, List<int[]> spans) {
        if (end - start <= size) {
            spans.add(new int[] {start, end});
        } else {
            pieces(text, start, end, spans);
        }
    }

    private void pieces(String text, int start, int end, List<int[]> spans) {
        int from = start;
        while (end - from > size) {
            int limit = from + size;
            int cut = text.lastIndexOf(' ', limit);
            if (cut <= from + overlap) {
                cut = limit;
            }
            spans.add(new int[] {from, cut});
            from = Math.max(from + 1, cut - overlap);
        }
        spans.add(new int[] {from, end});
    }
}
