[
  {
    "file": "/work/main/test/contracts.test.ts"
  }
]