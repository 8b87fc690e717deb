// Every test run sees the same zone; tests that need another zone pass it explicitly.
module.exports = () => {
  process.env.TZ = 'UTC';
};
