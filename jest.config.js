/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" } },
    ],
  },
  // Browser and encoder tests start processes; give them room, and keep unit tests fast.
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js"],
};
