// The default SOP's instructions for the caller, per category: what the call taker says while help is on the way.
import type { SopCategory } from './document.ts';

type Lines = [id: string, en: string][];

const INSTRUCTIONS: Record<string, Lines> = {
  kebakaran_bangunan: [
    [
      'Keluar dari bangunan sekarang dan jangan masuk kembali.',
      'Get out of the building now and do not go back in.',
    ],
    [
      'Jika ada asap, merunduk serendah mungkin dan tutup hidung dengan kain basah.',
      'If there is smoke, stay low and cover your nose with a wet cloth.',
    ],
    [
      'Matikan listrik dan tabung elpiji hanya jika aman dilakukan.',
      'Switch off the power and the gas cylinder only if it is safe to do so.',
    ],
    [
      'Jauhkan orang dari bangunan dan beri jalan untuk mobil pemadam.',
      'Keep people away from the building and clear the way for the fire engine.',
    ],
  ],
  kebakaran_hutan_lahan: [
    [
      'Menjauh dari api, berlawanan dengan arah angin dan asap.',
      'Move away from the fire, against the wind and smoke.',
    ],
    ['Jangan mencoba memadamkan api yang besar sendiri.', 'Do not try to put out a large fire yourself.'],
  ],
  kebakaran_kendaraan: [
    [
      'Matikan mesin jika dapat, keluar, lalu menjauh sedikitnya 20 meter.',
      'Switch off the engine if you can, get out and move at least 20 metres away.',
    ],
    ['Jangan membuka kap mesin.', 'Do not open the bonnet.'],
  ],
  kecelakaan_lalu_lintas: [
    [
      'Amankan diri Anda terlebih dahulu: menepi dan nyalakan lampu darurat (hazard).',
      'Make yourself safe first: pull over and switch on the hazard lights.',
    ],
    [
      'Jangan memindahkan korban, kecuali ada bahaya api atau tertabrak lagi.',
      'Do not move the injured unless there is a danger of fire or of being hit again.',
    ],
    ['Tekan luka yang berdarah dengan kain bersih.', 'Press a clean cloth on any bleeding wound.'],
    ['Jangan memberi korban makan atau minum.', 'Give the injured nothing to eat or drink.'],
  ],
  kecelakaan_laut: [
    [
      'Jangan ikut terjun ke air jika Anda tidak terlatih menolong.',
      'Do not go into the water yourself unless you are trained to rescue.',
    ],
    [
      'Lemparkan benda yang mengapung (jeriken, ban, pelampung) atau ulurkan tali atau kayu.',
      'Throw something that floats (a jerrycan, a tyre, a life ring) or reach out with a rope or a pole.',
    ],
    [
      'Terus awasi tempat korban terakhir terlihat dan beri tahu petugas.',
      'Keep watching the place the person was last seen and tell the rescuers.',
    ],
  ],
  gawat_darurat_medis: [
    [
      'Jangan tinggalkan pasien; periksa apakah ia bernapas.',
      'Stay with the patient; check that they are breathing.',
    ],
    [
      'Jika pasien tidak sadar dan tidak bernapas, tekan dada di bagian tengah dengan kuat dan cepat.',
      'If the patient is unconscious and not breathing, push hard and fast on the centre of the chest.',
    ],
    ['Jangan memberi makan atau minum.', 'Give nothing to eat or drink.'],
    [
      'Buka pintu dan nyalakan lampu agar petugas mudah menemukan rumah.',
      'Open the door and switch on a light so the crew finds the house.',
    ],
  ],
  persalinan: [
    [
      'Baringkan ibu dengan nyaman; siapkan kain bersih dan handuk.',
      'Let the mother lie down comfortably; get clean cloths and towels ready.',
    ],
    ['Jangan menarik bayi atau tali pusar.', 'Do not pull the baby or the cord.'],
    [
      'Setelah bayi lahir, keringkan dan selimuti, lalu letakkan di dada ibu.',
      'Once the baby is born, dry and cover it and lay it on the mother’s chest.',
    ],
    ['Jangan memotong tali pusar; tunggu petugas.', 'Do not cut the cord; wait for the crew.'],
  ],
  banjir: [
    [
      'Pindah ke tempat yang lebih tinggi; matikan listrik di meteran jika aman.',
      'Move to higher ground; switch off the power at the meter if it is safe.',
    ],
    ['Jangan berjalan atau berkendara melewati arus air.', 'Do not walk or drive through moving water.'],
  ],
  tanah_longsor: [
    [
      'Menjauh dari lereng dan jalur longsoran; waspadai longsor susulan.',
      'Move away from the slope and the slide; watch out for another slide.',
    ],
    [
      'Jangan menggali korban sendiri selama tanah masih bergerak.',
      'Do not dig for people while the ground still moves.',
    ],
  ],
  gempa_bumi: [
    [
      'Setelah guncangan berhenti, keluar ke tempat terbuka, jauh dari bangunan dan tiang listrik.',
      'Once the shaking stops, go out into the open, away from buildings and power poles.',
    ],
    ['Waspadai gempa susulan.', 'Expect aftershocks.'],
  ],
  tsunami: [
    [
      'Segera menjauh dari pantai ke tempat yang tinggi; jangan menunggu peringatan berikutnya.',
      'Leave the shore for high ground at once; do not wait for another warning.',
    ],
  ],
  angin_puting_beliung: [
    [
      'Berlindung di bangunan yang kokoh, jauh dari jendela, pohon, dan papan reklame.',
      'Shelter in a solid building, away from windows, trees and billboards.',
    ],
  ],
  pohon_tumbang: [
    [
      'Jauhi pohon yang tumbang dan kabel listrik yang tertimpa; jangan menyentuh kabel.',
      'Keep away from the tree and any power line it hit; do not touch the line.',
    ],
  ],
  kriminalitas: [
    [
      'Utamakan keselamatan Anda; jangan mengejar atau melawan pelaku.',
      'Put your own safety first; do not chase or fight the offender.',
    ],
    [
      'Ingat ciri-ciri pelaku dan kendaraannya; jangan menyentuh barang di lokasi.',
      'Remember what the offender and their vehicle look like; touch nothing at the scene.',
    ],
  ],
  kekerasan: [
    [
      'Jika masih dalam bahaya, pergi ke tempat yang aman atau kunci diri di dalam ruangan.',
      'If you are still in danger, go somewhere safe or lock yourself in a room.',
    ],
  ],
  orang_hilang: [
    [
      'Siapkan foto terbaru, ciri-ciri orang yang hilang, dan tempat ia terakhir terlihat.',
      'Have a recent photo, a description of the person and where they were last seen ready.',
    ],
  ],
  odgj_terlantar: [
    [
      'Jangan memancing emosinya; jaga jarak aman dan awasi dari jauh.',
      'Do not provoke the person; keep a safe distance and watch from afar.',
    ],
  ],
  hewan: [
    [
      'Jauhi hewan tersebut dan jangan mencoba menangkapnya sendiri.',
      'Keep away from the animal and do not try to catch it.',
    ],
  ],
  gangguan_listrik: [
    [
      'Jangan menyentuh kabel yang putus atau benda yang menyentuhnya; jauhkan orang lain.',
      'Do not touch a broken line or anything touching it; keep others away.',
    ],
  ],
};

/** The categories with the caller's instructions of the default SOP added. */
export function withCallerInstructions(categories: SopCategory[]): SopCategory[] {
  return categories.map((category) => {
    const lines = INSTRUCTIONS[category.code];
    return lines
      ? { ...category, instructions: lines.map(([textId, textEn]) => ({ textId, textEn })) }
      : category;
  });
}
