-- worker schema: the chunks and vectors of vectorized documents (document.vectorize jobs).
--
-- Each run of a document's job writes a vector set: its chunks arrive batch by batch (complete = false), so a long
-- document never sits in memory whole and a crash leaves only an incomplete set that nobody reads. Once every chunk
-- is stored, one transaction marks the set complete and deletes the document's older sets: a document's vectors
-- are all visible or none are.

CREATE TABLE document_vector_sets (
    id           uuid PRIMARY KEY,
    document_id  uuid        NOT NULL,
    user_id      text        NOT NULL,
    job_id       uuid        NOT NULL,
    -- the embedding model's name; a search compares only vectors of the model that embedded its query
    model        text        NOT NULL,
    dimensions   int         NOT NULL,
    chunk_count  int         NOT NULL DEFAULT 0,
    complete     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
);

CREATE UNIQUE INDEX document_vector_sets_current ON document_vector_sets (document_id) WHERE complete;
CREATE INDEX document_vector_sets_incomplete ON document_vector_sets (created_at) WHERE NOT complete;

-- A vector as 4-byte big-endian IEEE 754 floats (float4send, one after the other). The brute-force search reads
-- this form: PostgreSQL sends a bytea as it is stored, where serialising a real[] costs about 17 µs per 384-value
-- row (1.7 s over 100,000 chunks, ten times the whole scan of this column).
CREATE FUNCTION float4_bytes(v real[]) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT string_agg(float4send(x), ''::bytea ORDER BY i) FROM unnest(v) WITH ORDINALITY AS u (x, i)
$$;

CREATE TABLE document_chunks (
    set_id        uuid   NOT NULL REFERENCES document_vector_sets (id) ON DELETE CASCADE,
    chunk_index   int    NOT NULL,
    content       text   NOT NULL,
    -- where the chunk lies in the extracted, normalised text (characters)
    char_start    int    NOT NULL,
    char_end      int    NOT NULL,
    -- The vector of record, real[] rather than bytea: with pgvector installed, one statement turns it into an
    -- indexable vector column, `ALTER TABLE worker.document_chunks ALTER COLUMN embedding TYPE vector(384) USING
    -- embedding::vector(384)` (README, "Search at scale: pgvector").
    embedding     real[] NOT NULL CHECK (array_ndims(embedding) = 1 AND array_position(embedding, NULL) IS NULL),
    -- the same vector in the form the search reads, kept by PostgreSQL itself; dropped with the move to pgvector
    embedding_f32 bytea  GENERATED ALWAYS AS (worker.float4_bytes(embedding)) STORED,
    PRIMARY KEY (set_id, chunk_index)
)
-- rows of about 3-4 KB stay whole in the table, so a search scans no TOAST
WITH (toast_tuple_target = 4096);

-- what does not fit goes out of line: the vector of record first, never the one the search reads
ALTER TABLE document_chunks ALTER COLUMN embedding SET STORAGE EXTERNAL;
ALTER TABLE document_chunks ALTER COLUMN embedding_f32 SET STORAGE MAIN;

-- The document vectors' SQL interface for api-service, which owns the documents and checks that they are the
-- caller's before calling these functions. api-service never touches the tables above. In production, grant its
-- role USAGE ON SCHEMA worker and EXECUTE on these functions only (README, "Data access between services").

-- The vectors of the given documents of a user, made by the given model, from complete sets only: one row per chunk
-- with the vector as big-endian float32 bytes (embedding_f32), which api-service reads without boxing.
CREATE FUNCTION document_search_vectors(p_user_id text, p_model text, p_document_ids uuid[])
    RETURNS TABLE (document_id uuid, chunk_index int, embedding bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = worker, pg_temp
AS $$
    SELECT s.document_id, c.chunk_index, c.embedding_f32
      FROM worker.document_vector_sets s
      JOIN worker.document_chunks c ON c.set_id = s.id
     WHERE s.complete AND s.user_id = p_user_id AND s.model = p_model AND s.document_id = ANY (p_document_ids)
$$;

-- The text of chosen chunks (the search's top k), as (document, chunk index) pairs of two parallel arrays.
CREATE FUNCTION document_chunk_texts(p_user_id text, p_document_ids uuid[], p_chunk_indexes int[])
    RETURNS TABLE (document_id uuid, chunk_index int, content text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = worker, pg_temp
AS $$
    SELECT s.document_id, c.chunk_index, c.content
      FROM unnest(p_document_ids, p_chunk_indexes) AS wanted (document_id, chunk_index)
      JOIN worker.document_vector_sets s ON s.document_id = wanted.document_id AND s.complete
                                        AND s.user_id = p_user_id
      JOIN worker.document_chunks c ON c.set_id = s.id AND c.chunk_index = wanted.chunk_index
$$;

-- Deletes a document's vector sets, complete or not; returns how many chunks went.
CREATE FUNCTION document_vectors_delete(p_document_id uuid)
    RETURNS int
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = worker, pg_temp
AS $$
    -- a data-modifying WITH runs whether or not it is referenced; the count sees the chunks from before it
    WITH sets AS (SELECT id FROM worker.document_vector_sets WHERE document_id = p_document_id),
         deleted AS (DELETE FROM worker.document_vector_sets WHERE id IN (SELECT id FROM sets))
    SELECT count(*)::int FROM worker.document_chunks WHERE set_id IN (SELECT id FROM sets)
$$;
