package io.lakesync.chunk;

/**
 * A piece of an object's extracted text that is embedded on its own.
 *
 * @param index position among the object's chunks, from 0
 * @param start character offset of the chunk in the extracted text (inclusive)
 * @param end character offset of the chunk in the extracted text (exclusive)
 */
public record Chunk(int index, int start, int end, String text) {}
