// `npm run emulator -- [options]`: bundles the batch emulator (well under a second) and runs it.
// See test/emulator/README.md or pass --help.
const { build } = require('../test/emulator/build.js');

build({ mainOnly: true })
  .then((main) => require(main))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
