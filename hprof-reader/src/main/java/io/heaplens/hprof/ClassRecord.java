package io.heaplens.hprof;

/** A CLASS DUMP sub-record as read in the first pass, identifiers not yet resolved. */
final class ClassRecord {
  final long id;
  final long superId;
  final long loaderId;
  final long signersId;
  final long protectionDomainId;
  final long[] staticNameIds;
  final byte[] staticTypes;
  final long[] staticValues;
  final long[] fieldNameIds;
  final byte[] fieldTypes;

  ClassRecord(long id, long superId, long loaderId, long signersId, long protectionDomainId,
      long[] staticNameIds, byte[] staticTypes, long[] staticValues,
      long[] fieldNameIds, byte[] fieldTypes) {
    this.id = id;
    this.superId = superId;
    this.loaderId = loaderId;
    this.signersId = signersId;
    this.protectionDomainId = protectionDomainId;
    this.staticNameIds = staticNameIds;
    this.staticTypes = staticTypes;
    this.staticValues = staticValues;
    this.fieldNameIds = fieldNameIds;
    this.fieldTypes = fieldTypes;
  }
}
