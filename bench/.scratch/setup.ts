import { makeSwitchboardDataDir } from '../lib/targets';
console.log(await makeSwitchboardDataDir(process.argv[2]!, Number(process.argv[3])));
