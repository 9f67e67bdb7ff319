import type { Messages } from './ja';

const en: Messages = {
  meta: {
    name: 'English',
    language: 'Language',
  },
  display: {
    textSize: 'Text size',
    standard: 'Normal',
    large: 'Large',
    largest: 'Largest',
    readAloud: 'Read aloud',
    stop: 'Stop reading',
  },
  common: {
    back: 'Back',
    toStart: 'Back to the start',
    yes: 'Yes',
    no: 'No',
    jaOnly: 'This text is only available in Japanese.',
    easyJaOnly: 'This text is only available in simple Japanese (やさしい日本語).',
    secondsToStart: 'Returning to the start in {{seconds}} s',
  },
  attract: {
    title: 'We help you with My Number Card procedures by video call',
    start: 'Start a video call',
    touch: 'Touch the screen',
    invite: 'Touch to start — English available',
  },
  language: {
    title: 'Choose your language',
  },
  procedure: {
    title: 'What do you need help with?',
    new_application: { title: 'Get a card for the first time', detail: 'New application' },
    renewal: { title: 'Renew my card', detail: 'Card expiring or expired' },
    lost_reissue: { title: 'I lost my card', detail: 'Lost-card reissue' },
    health_insurance: { title: 'Use my card as health insurance card', detail: 'Health-insurance linkage' },
    bank_account: { title: 'Register a bank account for public payments', detail: 'Public-fund bank account' },
    other_mynaportal: { title: 'Other Mynaportal help', detail: 'Other questions' },
  },
  eligibility: {
    title: 'Please check',
    progress: 'Question {{current}} of {{total}}',
  },
  referral: {
    title: 'Please go to the service counter',
    lead: 'We cannot help with this by video call. Please read the guidance below.',
  },
  consent: {
    title: 'Terms of use and personal information',
    lead: 'Please read this. If you agree, press “Agree and start”.',
    terms: 'Terms of use',
    privacy: 'Privacy policy',
    scroll: 'Swipe up and down to read',
    agree: 'Agree and start',
    updated: 'These documents have changed. Please read them again.',
  },
  requesting: {
    title: 'Getting ready to connect you',
  },
  waiting: {
    title: 'Connecting you to an operator. Please wait.',
    position: 'Your place in line',
    positionValue: 'No. {{position}}',
    next: 'You are next',
    wait: 'Estimated wait',
    waitValue: 'About {{minutes}} min',
    soon: 'Very soon',
    accepted: 'An operator has answered. Connecting now.',
    cancel: 'Cancel',
    /** While waiting, nobody who could take the call is on duty any more. */
    noOperator: 'No one who can help you is available right now. You can keep waiting, or go to the service counter.',
    /** After a while without a touch: is anyone still there? */
    stillThere: {
      title: 'Are you still waiting?',
      stay: 'Yes, I am still here',
      giveUp: 'If no one touches the screen, your call will be cancelled in {{seconds}} s',
    },
  },
  /** Nobody who could take the call is on duty: said before the resident waits. */
  noOperator: {
    title: 'We cannot connect you by video call right now',
    'not-served': 'There is no operator who can help with this in your language at the moment.',
    'none-on-duty': 'The operators who can help with this are on a break or away right now. We do not know when one will be back.',
    where: 'Please go to the service counter, or try again later.',
  },
  call: {
    operator: 'Your operator',
    you: 'You',
    operatorVideoPending: 'Waiting for the operator’s video',
    end: 'End the call',
    endConfirm: 'End the call?',
    endYes: 'End',
    endNo: 'Continue',
    quality: {
      label: 'Connection',
      excellent: 'Very good',
      good: 'Good',
      poor: 'Poor',
      lost: 'Interrupted',
      unknown: 'Checking',
    },
    degraded: 'The connection is poor, so the video is smaller for now',
    reconnecting: 'Reconnecting. Please wait.',
    connectFailed: 'We cannot reach the operator. Please wait here; if it does not connect, the booth goes back to the start.',
  },
  pin: {
    title: 'Please enter your PIN',
    body: 'The operator cannot see the camera picture',
    note: 'Never tell anyone your PIN. The operator will never ask for it.',
    done: 'Done',
  },
  photo: {
    title: 'Taking your face photo',
    guide: 'Fit your face inside the frame',
    instructions: {
      straight: 'Look straight at the camera',
      hat: 'Please take off any hat',
      hair: 'Keep your hair off your face',
      glasses: 'Make sure your glasses do not reflect light',
      expression: 'Mouth closed, a natural expression',
      still: 'Keep still while the photo is taken',
    },
    countdown: 'Taking the photo',
    taken: 'Photo taken. The operator is checking it.',
    failed: 'The photo did not work. Please wait for the operator.',
    approvedTitle: 'This photo will be used for your application',
    approvedBody: 'The operator has checked the photo.',
  },
  guidance: {
    from: 'From your operator',
    close: 'Close',
    cards: {
      'card-ready': {
        title: 'Please have your My Number Card ready',
        body: 'Take your card out and keep it at hand.',
      },
      'scan-qr': {
        title: 'Show the QR code to the camera',
        body: 'Hold the QR code on your application form still in front of the camera.',
      },
      'keep-pin-private': {
        title: 'Your PIN is secret',
        body: 'Never tell anyone. The operator will never ask for it.',
      },
      'form-ready': {
        title: 'Please have your application form ready',
        body: 'The paper form with a QR code printed on it.',
      },
      'look-at-camera': {
        title: 'Please look at the camera',
        body: 'We are taking your photo. Face the camera and keep still.',
      },
      'wait-a-moment': {
        title: 'Please wait a moment',
        body: 'The operator is checking.',
      },
    },
  },
  closed: {
    title: 'We are closed now',
    next: 'We open again',
    nextUnknown: 'Please ask the town hall for the opening hours.',
  },
  thanks: {
    title: 'Thank you',
    body: 'Please make sure you have all your belongings.',
  },
  problem: {
    unavailable: {
      title: 'We cannot connect you right now',
      body: 'Please try again in a little while.',
    },
    'connection-lost': {
      title: 'The connection was lost',
      body: 'Please start again from the beginning.',
    },
  },
  idle: {
    title: 'Are you still there?',
    continue: 'Continue',
  },
  /** Staff switched the maintenance screen on (decision 0014). */
  maintenance: {
    title: 'Under maintenance',
    body: 'Please wait a moment. We apologise for the inconvenience.',
  },
  unavailable: {
    title: 'Temporarily unavailable',
    body: 'Because of a connection problem, help by video call is paused.',
    goToCounter: 'For your procedure, please go to the counter of {{municipality}}.',
    goToCounterUnknown: 'For your procedure, please go to the counter of your municipality.',
    back: 'The booth reopens by itself as soon as the connection is back.',
  },
  device: {
    notProvisioned: {
      title: 'This device is not provisioned',
      body: 'Ask the administrator for its provisioning link.',
    },
  },
};

export default en;
