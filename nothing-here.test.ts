[
  {
    "file": "/work/main/contract-tests/every-client.test.ts"
  },
  {
    "file": "/work/main/contract-tests/ix-api.contract.test.ts"
  },
  {
    "file": "/work/main/contract-tests/petstore.contract.test.ts"
  },
  {
    "file": "/work/main/test/bad-snapshots.e2e.test.ts"
  },
  {
    "file": "/work/main/test/cache.test.ts"
  },
  {
    "file": "/work/main/test/canonicalize.test.ts"
  },
  {
    "file": "/work/main/test/cli-parity.test.ts"
  },
  {
    "file": "/work/main/test/concurrent-updates.e2e.test.ts"
  },
  {
    "file": "/work/main/test/contract-suite.e2e.test.ts"
  },
  {
    "file": "/work/main/test/contracts.test.ts"
  },
  {
    "file": "/work/main/test/crash-points.e2e.test.ts"
  },
  {
    "file": "/work/main/test/determinism.test.ts"
  },
  {
    "file": "/work/main/test/failures.e2e.test.ts"
  },
  {
    "file": "/work/main/test/fingerprint.test.ts"
  },
  {
    "file": "/work/main/test/lifecycle.e2e.test.ts"
  },
  {
    "file": "/work/main/test/live.e2e.test.ts"
  },
  {
    "file": "/work/main/test/memory-fs.test.ts"
  },
  {
    "file": "/work/main/test/mutation.test.ts"
  },
  {
    "file": "/work/main/test/refresh.e2e.test.ts"
  },
  {
    "file": "/work/main/test/regenerate.test.ts"
  },
  {
    "file": "/work/main/test/shard.test.ts"
  },
  {
    "file": "/work/main/test/tree-faults.e2e.test.ts"
  },
  {
    "file": "/work/main/test/tree.test.ts"
  },
  {
    "file": "/work/main/test/watch.e2e.test.ts"
  },
  {
    "file": "/work/main/test/changelog/change-kinds.test.ts"
  },
  {
    "file": "/work/main/test/changelog/constraints.test.ts"
  },
  {
    "file": "/work/main/test/changelog/cycles.test.ts"
  },
  {
    "file": "/work/main/test/changelog/format-changelog.test.ts"
  },
  {
    "file": "/work/main/test/changelog/invalid-input.test.ts"
  },
  {
    "file": "/work/main/test/changelog/ordering-and-ids.test.ts"
  },
  {
    "file": "/work/main/test/changelog/real-specs.test.ts"
  },
  {
    "file": "/work/main/test/changelog/renames.test.ts"
  },
  {
    "file": "/work/main/test/changelog/response-ranges.test.ts"
  },
  {
    "file": "/work/main/test/changelog/shared-schemas.test.ts"
  },
  {
    "file": "/work/main/test/changelog/versions.test.ts"
  }
]