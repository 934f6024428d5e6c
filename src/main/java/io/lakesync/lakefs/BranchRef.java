package io.lakesync.lakefs;

/** A branch and the commit it points at when it was listed. */
public record BranchRef(String name, String commitId) {}
